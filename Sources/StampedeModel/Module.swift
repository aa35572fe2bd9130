// The result vocabulary (operations, backend calls, data classes, resilience signals) is
// part of this module's API: `Operation` is `OperationKind`, and so on.
@_exported import StampedeResult
