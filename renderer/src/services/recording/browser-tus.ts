import { Upload } from 'tus-js-client';
import type { CreateTusUpload } from './recording-uploader';

/** tus-js-client's Upload, as the uploader's factory. */
export const createBrowserTusUpload: CreateTusUpload = (file, options) => new Upload(file, options);
