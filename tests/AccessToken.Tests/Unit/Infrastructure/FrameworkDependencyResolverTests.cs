using Losant.AccessTokens.Infrastructure;

namespace Losant.AccessTokens.Tests.Unit.Infrastructure;

/// <summary>
/// What Windows PowerShell 5.1's AssemblyResolve handler answers from the module's Dependencies
/// folder: the folder's copy of a name, whatever version was asked for, and nothing else.
/// </summary>
public sealed class FrameworkDependencyResolverTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "AccessToken-dependencies-" + Guid.NewGuid().ToString("N"));
    private readonly FrameworkDependencyResolver _resolver;

    public FrameworkDependencyResolverTests()
    {
        Directory.CreateDirectory(_directory);
        foreach (var name in new[] { "AccessToken.Core", "Microsoft.Extensions.Http", "System.Memory" })
        {
            File.WriteAllText(Path.Combine(_directory, name + ".dll"), string.Empty);
        }

        _resolver = new FrameworkDependencyResolver(_directory);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [InlineData("AccessToken.Core, Version=0.1.0.0, Culture=neutral, PublicKeyToken=null", "AccessToken.Core")]
    [InlineData("Microsoft.Extensions.Http, Version=8.0.0.0, Culture=neutral, PublicKeyToken=adb9793829ddae60", "Microsoft.Extensions.Http")]
    [InlineData("System.Memory, Version=4.0.1.1, Culture=neutral, PublicKeyToken=cc7b13ffcd2ddd51", "System.Memory")]
    [InlineData("System.Memory", "System.Memory")]
    public void A_name_the_folder_holds_is_answered_with_its_file_whatever_the_version_asked(string requested, string file)
    {
        // System.Memory 4.0.1.1 is asked for by one package, 4.0.1.2 shipped: as a binding redirect would, the folder's copy answers.
        Assert.Equal(Path.Combine(_directory, file + ".dll"), _resolver.FindFile(requested));
    }

    [Theory]
    [InlineData("Newtonsoft.Json, Version=13.0.0.0, Culture=neutral, PublicKeyToken=30ad4fe6b2a6aeed")]
    [InlineData("System.Management.Automation, Version=3.0.0.0, Culture=neutral, PublicKeyToken=31bf3856ad364e35")]
    public void A_name_the_folder_does_not_hold_is_left_to_others(string requested)
    {
        Assert.Null(_resolver.FindFile(requested));
    }

    [Fact]
    public void A_cultures_resource_request_is_not_answered_with_the_neutral_assembly()
    {
        Assert.Null(_resolver.FindFile("AccessToken.Core.resources, Version=0.1.0.0, Culture=de-DE, PublicKeyToken=null"));
        Assert.Null(_resolver.FindFile("AccessToken.Core, Version=0.1.0.0, Culture=de-DE, PublicKeyToken=null"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("..")]
    [InlineData("=, Version=1.0")]
    public void A_name_that_is_not_an_assembly_name_in_the_folder_is_not_answered(string requested)
    {
        Assert.Null(_resolver.FindFile(requested));
    }

    [Fact]
    public void A_name_that_points_out_of_the_folder_is_not_answered()
    {
        // A file beside the folder, reachable only by a path in the name.
        var outside = Path.Combine(Path.GetDirectoryName(_directory)!, "Outside" + Guid.NewGuid().ToString("N"));
        File.WriteAllText(outside + ".dll", string.Empty);
        try
        {
            var relative = Path.Combine("..", Path.GetFileName(outside));
            Assert.Null(_resolver.FindFile(relative));
        }
        finally
        {
            File.Delete(outside + ".dll");
        }
    }

    [Fact]
    public void The_handler_loads_the_folders_copy()
    {
        // A real assembly in the folder, at version 1.0, under a name nothing in this process has loaded.
        var name = "ResolverProbe" + Guid.NewGuid().ToString("N");
        var copy = Path.Combine(_directory, name + ".dll");
        var builder = new System.Reflection.Emit.PersistedAssemblyBuilder(new System.Reflection.AssemblyName(name) { Version = new Version(1, 0, 0, 0) }, typeof(object).Assembly);
        builder.DefineDynamicModule(name).DefineType("Probe", System.Reflection.TypeAttributes.Public).CreateType();
        builder.Save(copy);

        var loaded = _resolver.Resolve(null, new ResolveEventArgs(name + ", Version=99.0.0.0, Culture=neutral, PublicKeyToken=null"));

        Assert.NotNull(loaded);
        Assert.Equal(copy, loaded!.Location);
        Assert.Equal(new Version(1, 0, 0, 0), loaded.GetName().Version);
        Assert.NotNull(loaded.GetType("Probe"));
        Assert.Null(_resolver.Resolve(null, new ResolveEventArgs("Not.In.The.Folder, Version=1.0.0.0")));
    }
}
