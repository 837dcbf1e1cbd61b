// Where in the file a problem is, as the messages say it: "sample 3, byte offset 4711".
import type { FormatError } from '../../format/errors';

export const whereText = (e: FormatError): string =>
  [e.sample !== null ? `sample ${e.sample + 1}` : null, `byte offset ${e.offset}`].filter(Boolean).join(', ');
