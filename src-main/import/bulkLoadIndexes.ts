// The indexes an import sets aside and builds again before it commits live with the store.
export { setAsideIndexesIfEmpty, setAsidePersonKeysIfFew, type SetAsideIndexes } from '../store/bulkLoadIndexes.ts';
