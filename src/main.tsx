import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './ui/App';
import './ui/app.css';
import { browserStore, loadPrefs } from './ui/state/prefs';
import { applyTheme } from './ui/theme';

// before the first paint: no flash of the other theme
applyTheme(loadPrefs(browserStore()).theme);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
