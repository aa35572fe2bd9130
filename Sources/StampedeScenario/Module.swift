@_exported import StampedeKernel
