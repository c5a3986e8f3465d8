export * from './summarize.js';
export * from './rows.js';
export * from './search.js';
