// The substation API; see APIServer.swift.
