// Types for the part of jstat the engine uses (the package ships none).
declare module 'jstat' {
  interface JStat {
    chisquare: { cdf(x: number, dof: number): number };
  }
  const jStat: JStat;
  export default jStat;
}
