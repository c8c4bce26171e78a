// The numbers a chart draws come from the one chart model in shared/chartModel.ts (the screen
// draws the same model); these re-exports keep the table exporters' imports short.
export { keyLabel, valueLabelOf } from '../../shared/chartModel.ts';
