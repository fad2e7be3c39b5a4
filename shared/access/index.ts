export * from './roles.js';
export * from './tlp.js';
