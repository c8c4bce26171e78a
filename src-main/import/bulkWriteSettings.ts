// The connection settings of an import's one big write transaction live with the store.
export { enterBulkWrite } from '../store/bulkWriteSettings.ts';
