/** The renderer's handle on its host: the contract's ParityApi with the DOM's File for dropped files. */
import type { ParityApi } from '../../../shared/contract/host-api.js';

export type ParityClient = ParityApi<File>;
export type UploadKind = 'model' | 'images' | 'labels' | 'preprocess';
