import Foundation
import StampedeLanguage

/// The package's root directory, found from this file's location.
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// A small scenario that loads; malformed cases change one thing in it.
let minimalScenario = """
    name: minimal
    duration: 10m
    traffic:
      phases:
        - { name: steady, for: 10m, rate: 100/s }
      journeys:
        returning: { weight: 100%, steps: [login, validate x 3, logout] }
    """

/// The error loading `yaml` throws, or nil if it loads.
func loadError(_ yaml: String, path: String = "scenarios/bad.yaml") -> ScenarioError? {
    do {
        _ = try ScenarioLoader.load(yaml: yaml, path: path)
        return nil
    } catch {
        return error
    }
}

/// The error loading the file at `path` throws, or nil if it loads.
func fileLoadError(_ path: String) -> ScenarioError? {
    do {
        _ = try ScenarioLoader.load(path: path)
        return nil
    } catch {
        return error
    }
}

/// `minimalScenario` with extra top-level text appended.
func minimal(appending extra: String) -> String {
    minimalScenario + "\n" + extra
}
