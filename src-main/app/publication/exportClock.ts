// The "generated at" date written into exports (title bands, PDF info, XLSX metadata). It is
// the current time unless SOURCE_DATE_EPOCH (the reproducible-builds convention: seconds since
// 1970) is set, so a test or an archive run can produce byte-identical files.
export function exportTime(env: NodeJS.ProcessEnv = process.env): Date {
  const epoch = env.SOURCE_DATE_EPOCH;
  if (epoch !== undefined && /^\d{1,12}$/.test(epoch.trim())) return new Date(Number.parseInt(epoch.trim(), 10) * 1000);
  return new Date();
}
