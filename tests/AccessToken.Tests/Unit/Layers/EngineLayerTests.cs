using System.Text.RegularExpressions;

namespace Losant.AccessTokens.Tests.Layers;

/// <summary>
/// The engine's layers, as the README draws them: Models at the bottom, Json on Models, Http on
/// nothing, Execution on Http (its observer collects the request trace for the pipeline thread), Api on top. Read from the source files, so a forbidden
/// <c>using</c> or qualified name fails here before anyone has to find the loop by reading;
/// and no file grows past what a reader takes in at once.
/// </summary>
public sealed class EngineLayerTests
{
    /// <summary>Which of the engine's namespaces each may use; "" is the root namespace, for types every layer shares.</summary>
    internal static readonly IReadOnlyDictionary<string, string[]> Allowed = new Dictionary<string, string[]>
    {
        [""] = Array.Empty<string>(),
        ["Models"] = Array.Empty<string>(),
        ["Json"] = new[] { "Models" },
        ["Http"] = Array.Empty<string>(),
        ["Execution"] = new[] { "Http" },
        ["Api"] = new[] { "Models", "Json", "Http" },
    };

    private static readonly string[] Layers = Allowed.Keys.Where(layer => layer.Length > 0).ToArray();

    private static readonly Regex Namespace = new(@"^\s*namespace\s+Losant\.AccessTokens(?:\.(?<layer>\w+))?(?![\w.])", RegexOptions.Multiline);

    [Fact]
    public void Every_engine_file_uses_only_the_layers_below_its_own()
    {
        var files = EngineSources();

        Assert.Empty(Violations(files));

        // The scan saw the engine, not an empty or wrong folder.
        var seen = files.Select(file => LayerOf(file.Text)).ToHashSet();
        Assert.Superset(new HashSet<string?>(Layers), seen);
    }

    [Fact]
    public void No_engine_file_is_longer_than_300_lines()
    {
        var longer = EngineSources()
            .Select(file => (file.Path, Lines: file.Text.Split('\n').Length - (file.Text.EndsWith('\n') ? 1 : 0)))
            .Where(file => file.Lines > 300)
            .Select(file => $"{file.Path}: {file.Lines} lines");

        Assert.Empty(longer);
    }

    [Fact]
    public void Each_layer_is_a_folder_of_its_own()
    {
        foreach (var file in EngineSources())
        {
            // The root namespace's files sit at the top, each layer's in the folder of its name.
            var folder = Path.GetDirectoryName(file.Path)!;
            var layer = LayerOf(file.Text);
            Assert.True(layer != null, file.Path + " declares no namespace of the engine");
            Assert.Equal(folder, layer);
        }
    }

    [Fact]
    public void The_rule_has_no_loop()
    {
        foreach (var layer in Allowed.Keys)
        {
            var below = new HashSet<string>();
            var next = new Queue<string>(Allowed[layer]);
            while (next.Count > 0)
            {
                var used = next.Dequeue();
                Assert.NotEqual(layer, used);
                if (below.Add(used)) foreach (var further in Allowed[used]) next.Enqueue(further);
            }
        }
    }

    [Fact]
    public void A_using_directive_a_full_name_and_a_partly_qualified_name_are_each_found()
    {
        Assert.Equal(new[] { "Json" }, Uses("using Losant.AccessTokens.Json;\nnamespace Losant.AccessTokens.Models { }"));
        Assert.Equal(new[] { "Http" }, Uses("namespace Losant.AccessTokens.Models { class A { Losant.AccessTokens.Http.RatePacer P; } }"));
        Assert.Equal(new[] { "Api" }, Uses("namespace Losant.AccessTokens.Models { class A { void F(Api.TokenOwner owner) { } } }"));
        Assert.Equal(new[] { "Json" }, Uses("using static Losant.AccessTokens.Json.AccessTokenJson;\nnamespace Losant.AccessTokens.Api;"));
    }

    [Fact]
    public void Names_of_other_libraries_and_the_file_s_own_layer_are_not_uses()
    {
        Assert.Empty(Uses("using System.Text.Json;\nusing System.Net.Http;\nnamespace Losant.AccessTokens.Models { class A { System.Text.Json.JsonElement E; } }"));
        Assert.Empty(Uses("namespace Losant.AccessTokens.Json { class A { Json.ShapeException E; } }"));
        Assert.Empty(Uses("namespace Losant.AccessTokens.Http { class A { string Note = \"see http.Uri\"; } }"));
    }

    [Fact]
    public void A_forbidden_use_or_a_use_back_is_reported_with_its_file()
    {
        var files = new[]
        {
            new SourceFile("Models/AccessToken.cs", "using Losant.AccessTokens.Json;\nnamespace Losant.AccessTokens.Models { }"),
            new SourceFile("Http/Handler.cs", "namespace Losant.AccessTokens.Http { class H { Api.ProxySettings P; } }"),
            new SourceFile("Json/Reader.cs", "using Losant.AccessTokens.Models;\nnamespace Losant.AccessTokens.Json { }"),
            new SourceFile("Api/Client.cs", "using Losant.AccessTokens.Http;\nusing Losant.AccessTokens.Json;\nnamespace Losant.AccessTokens.Api { }"),
            new SourceFile("Shared.cs", "namespace Losant.AccessTokens { class S { Models.AccessToken T; } }"),
        };

        Assert.Equal(
            new[] { "Models/AccessToken.cs: Models uses Json", "Http/Handler.cs: Http uses Api", "Shared.cs: (root) uses Models" },
            Violations(files));
    }

    /// <summary>The forbidden uses among <paramref name="files"/>, as "path: layer uses layer".</summary>
    internal static IReadOnlyList<string> Violations(IEnumerable<SourceFile> files)
    {
        var found = new List<string>();
        foreach (var file in files)
        {
            var layer = LayerOf(file.Text) ?? throw new InvalidOperationException(file.Path + " declares no namespace of the engine.");
            foreach (var used in Uses(file.Text).Where(used => !Allowed[layer].Contains(used)))
            {
                found.Add($"{file.Path}: {(layer.Length == 0 ? "(root)" : layer)} uses {used}");
            }
        }

        return found;
    }

    /// <summary>The engine's layers a file names, other than its own, in the order of <see cref="Allowed"/>.</summary>
    internal static IReadOnlyList<string> Uses(string text)
    {
        var own = LayerOf(text);
        return Layers.Where(layer => layer != own && Names(text, layer)).ToArray();
    }

    // A using directive or a full name (Losant.AccessTokens.Api...), or a name qualified from the
    // root (Api.TokenOwner), which C# resolves inside any namespace of the engine.
    private static bool Names(string text, string layer) =>
        Regex.IsMatch(text, $@"\bLosant\.AccessTokens\.{layer}\b") || Regex.IsMatch(text, $@"(?<![\w.""]){layer}\.[A-Z]");

    private static string? LayerOf(string text)
    {
        var match = Namespace.Match(text);
        return match.Success ? match.Groups["layer"].Value : null;
    }

    private static IReadOnlyList<SourceFile> EngineSources()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory != null && !Directory.Exists(Path.Combine(directory.FullName, "src", "AccessToken.Core"))) directory = directory.Parent;
        Assert.True(directory != null, "the engine's sources were not found above " + AppContext.BaseDirectory);
        var root = Path.Combine(directory!.FullName, "src", "AccessToken.Core");
        var files = Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
            .Where(path => !IsBuildOutput(Path.GetRelativePath(root, path)))
            .Select(path => new SourceFile(Path.GetRelativePath(root, path), File.ReadAllText(path)))
            .ToArray();
        Assert.NotEmpty(files);
        return files;
    }

    private static bool IsBuildOutput(string relative)
    {
        var first = relative.Split(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar)[0];
        return first == "bin" || first == "obj";
    }

    /// <summary>One source file: its path under the engine's folder and its text.</summary>
    internal sealed record SourceFile(string Path, string Text);
}
