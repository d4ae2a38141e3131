/** Identity of the console as the web bridge reports it; the build stamps package.json's values in. */
export const APP_NAME = __APP_NAME__;
export const APP_VERSION = __APP_VERSION__;
