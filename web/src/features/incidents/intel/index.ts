export { NarrativesSection } from './narratives-section.js';
export { ObservablesSection, type IntelSectionProps } from './observables-section.js';
export { TechniquesSection } from './techniques-section.js';
