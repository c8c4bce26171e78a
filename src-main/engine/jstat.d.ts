// Types for the part of jstat the engine uses (the package ships none).
declare module 'jstat' {
  interface JStat {
    chisquare: { cdf(x: number, dof: number): number; inv(p: number, dof: number): number };
    normal: { inv(p: number, mean: number, sd: number): number };
    /** The regularised incomplete beta function I_x(a, b). */
    ibeta(x: number, a: number, b: number): number;
  }
  const jStat: JStat;
  export default jStat;
}
