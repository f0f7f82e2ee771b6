export { buildAsyncApiDocument, type AsyncApiInfo } from './document';
export { parseAsyncApi, renderAsyncApi } from './render';
export { toAsyncApiSchema } from './to-draft-07';
