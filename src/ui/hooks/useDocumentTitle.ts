// The tab's title names the host and the sample's time, so a row of tabs tells logs apart.
import { useEffect } from 'react';

export function useDocumentTitle(title: string): void {
  useEffect(() => {
    document.title = title;
  }, [title]);
}
