import { directoryFrom } from '../../src/server/directory';
import { readContent } from './content';

/** The domain's view of the sample content. */
export const sampleDirectory = () => directoryFrom(readContent());
