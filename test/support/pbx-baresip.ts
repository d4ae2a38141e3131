export * from '../../pbx/baresip-phone';
