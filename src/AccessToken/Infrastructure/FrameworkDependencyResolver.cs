using System;
using System.IO;
using System.Reflection;

namespace Losant.AccessTokens.Infrastructure
{
    /// <summary>
    /// Answers .NET Framework's AssemblyResolve (Windows PowerShell 5.1) from the module's
    /// <c>Dependencies</c> folder. The folder holds one version of each assembly, the one the
    /// engine was built with; it answers a request for any version of that name, as the binding
    /// redirects of an application's config file would, since a module has no config file of its
    /// own. Names it does not hold are left to the runtime and to other modules' handlers.
    /// </summary>
    internal sealed class FrameworkDependencyResolver
    {
        private readonly string _directory;

        public FrameworkDependencyResolver(string directory) => _directory = directory;

        /// <summary>The file in the folder that answers a request for this assembly name, or null.</summary>
        public string? FindFile(string requestedName)
        {
            AssemblyName name;
            try
            {
                name = new AssemblyName(requestedName);
            }
            catch (Exception e) when (e is ArgumentException || e is FileLoadException)
            {
                return null;
            }

            var simpleName = name.Name;
            if (string.IsNullOrEmpty(simpleName)) return null;
            // The module ships no satellite resource assemblies: a culture's request is not ours.
            if (!string.IsNullOrEmpty(name.CultureName)) return null;
            // A name is a file name, never a path that could lead out of the folder.
            if (simpleName!.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || simpleName.Contains("..") ||
                simpleName.IndexOf('/') >= 0 || simpleName.IndexOf('\\') >= 0) return null;

            var path = Path.Combine(_directory, simpleName + ".dll");
            return File.Exists(path) ? path : null;
        }

        /// <summary>The AssemblyResolve handler: loads the folder's copy, or leaves the request to others.</summary>
        public Assembly? Resolve(object? sender, ResolveEventArgs args)
        {
            var path = FindFile(args.Name);
            return path is null ? null : Assembly.LoadFrom(path);
        }
    }
}
