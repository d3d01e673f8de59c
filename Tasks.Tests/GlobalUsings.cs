global using PForge.Tasks.Diagnostics;
