package store

// Interpret exposes the driver-error translation to the tests.
var Interpret = interpret
