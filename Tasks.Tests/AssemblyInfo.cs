// Every test builds its own inputs and reads shared files only: they run in parallel.
[assembly: Parallelize(Scope = ExecutionScope.MethodLevel)]
