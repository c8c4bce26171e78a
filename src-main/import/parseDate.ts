// The import reads dates with the shared parser (store migrations read them too, and the store
// may not import the importer).
export * from '../../shared/parseDate.ts';
