@_exported import StampedeKernel
@_exported import StampedeResult
