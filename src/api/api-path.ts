/**
 * The path the in-browser API answers on (same origin, so the Service Worker sees it). A module
 * of its own, so the console can name it without pulling MSW into the page's first chunk.
 */
export const API_PATH = '/api/slb/';
