// Every test builds its own server, session and streams, so tests can run side by side.
[assembly: Parallelize(Scope = ExecutionScope.MethodLevel)]
