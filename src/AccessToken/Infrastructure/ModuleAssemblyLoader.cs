using System;
using System.IO;
using System.Management.Automation;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Losant.AccessTokens.Infrastructure
{
    /// <summary>
    /// Loads the module's engine (AccessToken.Core) and its dependencies from the
    /// <c>Dependencies</c> folder. On PowerShell 7 they go into a private AssemblyLoadContext,
    /// so another module's Microsoft.Extensions.* of any version can live beside ours; on
    /// Windows PowerShell 5.1, which has no load contexts, they load through the ordinary path.
    /// </summary>
    public sealed class ModuleAssemblyLoader : IModuleAssemblyInitializer, IModuleAssemblyCleanup
    {
        internal const string EngineAssemblyName = "AccessToken.Core";

        private static readonly string DependencyDirectory =
            Path.Combine(Path.GetDirectoryName(typeof(ModuleAssemblyLoader).Assembly.Location) ?? ".", "Dependencies");

        private static readonly bool IsNetFramework =
            RuntimeInformation.FrameworkDescription.StartsWith(".NET Framework", StringComparison.OrdinalIgnoreCase);

        private static readonly FrameworkDependencyResolver FrameworkResolver = new FrameworkDependencyResolver(DependencyDirectory);

        /// <summary>Called by PowerShell when the module is imported.</summary>
        public void OnImport()
        {
            if (IsNetFramework)
            {
                // Once, however often the module is imported (Import-Module -Force imports again).
                AppDomain.CurrentDomain.AssemblyResolve -= FrameworkResolver.Resolve;
                AppDomain.CurrentDomain.AssemblyResolve += FrameworkResolver.Resolve;
            }
            else
            {
                RegisterWithDefaultContext();
            }
        }

        /// <summary>Called by PowerShell when the module is removed.</summary>
        public void OnRemove(PSModuleInfo psModuleInfo)
        {
            if (IsNetFramework) AppDomain.CurrentDomain.AssemblyResolve -= FrameworkResolver.Resolve;
            else UnregisterFromDefaultContext();
        }

        // Kept out of line: on .NET Framework these methods must never be compiled, because
        // AssemblyLoadContext does not exist there.
        [MethodImpl(MethodImplOptions.NoInlining)]
        private static void RegisterWithDefaultContext() => DependencyLoadContext.Register(DependencyDirectory);

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static void UnregisterFromDefaultContext() => DependencyLoadContext.Unregister();
    }
}
