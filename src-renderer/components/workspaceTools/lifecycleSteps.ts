// The words for the phases the lifecycle's long work reports (backup, hand-over, restore, the
// check, the purge), as its progress bar shows them.
export const LIFECYCLE_STEPS: Readonly<Record<string, string>> = {
  copy: 'Copying the rows',
  check: 'Checking each table',
  codebook: 'Checking the codebook',
  audit: 'Checking the audit chain',
  purge: 'Deleting the rows past the period',
};
