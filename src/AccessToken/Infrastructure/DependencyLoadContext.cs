using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection;
using System.Runtime.Loader;

namespace Losant.AccessTokens.Infrastructure
{
    /// <summary>
    /// The module's private load context (PowerShell 7 only). The default context sees exactly
    /// one assembly of ours from here, the engine, handed over when it asks for it; every other
    /// dependency binds inside this context and never claims a name in the default one. What the
    /// platform itself provides (System.*, assemblies PowerShell ships) is shared from the default
    /// context, so framework types keep one identity across the boundary.
    /// </summary>
    internal sealed class DependencyLoadContext : AssemblyLoadContext
    {
        private static DependencyLoadContext? _instance;

        private readonly string _directory;
        private readonly HashSet<string> _platformAssemblies;

        private DependencyLoadContext(string directory)
        {
            _directory = directory;
            _platformAssemblies = ReadPlatformAssemblies();
        }

        public static void Register(string directory)
        {
            // One context for the life of the process: the engine, once loaded, stays in it.
            // The handler, though, goes with Remove-Module, so a later import must add it again,
            // and only once however often the module is imported.
            _instance ??= new DependencyLoadContext(directory);
            Default.Resolving -= ResolveEngine;
            Default.Resolving += ResolveEngine;
        }

        public static void Unregister() => Default.Resolving -= ResolveEngine;

        protected override Assembly? Load(AssemblyName assemblyName)
        {
            var name = assemblyName.Name ?? string.Empty;
            if (_platformAssemblies.Contains(name)) return null;
            var path = Path.Combine(_directory, name + ".dll");
            return File.Exists(path) ? LoadFromAssemblyPath(path) : null;
        }

        private static Assembly? ResolveEngine(AssemblyLoadContext context, AssemblyName assemblyName)
        {
            if (!string.Equals(assemblyName.Name, ModuleAssemblyLoader.EngineAssemblyName, StringComparison.Ordinal)) return null;
            return _instance?.LoadFromAssemblyName(assemblyName);
        }

        private static HashSet<string> ReadPlatformAssemblies()
        {
            var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            if (AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") is string paths)
            {
                foreach (var path in paths.Split(Path.PathSeparator))
                {
                    if (path.Length > 0) names.Add(Path.GetFileNameWithoutExtension(path));
                }
            }

            return names;
        }
    }
}
