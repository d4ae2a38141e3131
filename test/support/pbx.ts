// The dev PBX lives with its configuration in pbx/; `npm start` and the tests start it the same way.
export * from '../../pbx/dev-pbx';
