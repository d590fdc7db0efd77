using System.Text.RegularExpressions;

namespace Losant.AccessTokens.Tests.Module;

/// <summary>
/// The module's folders are layers: each may use only the folders below it, so none uses one
/// that uses it back. Checked on the sources as they are, by the namespaces each file names.
/// </summary>
public sealed class ModuleLayerTests
{
    /// <summary>The module's folders, lowest first.</summary>
    private static readonly string[] Layers = { "Infrastructure", "Errors", "Connection", "Completion", "Commands" };

    [Fact]
    public void No_folder_of_the_module_uses_a_folder_above_it()
    {
        var sources = ModuleSources();

        Assert.Equal(Layers.OrderBy(layer => layer), sources.Keys.OrderBy(folder => folder));
        Assert.Empty(FolderLayers.Violations(sources, Layers));
    }

    [Fact]
    public void The_scan_sees_the_uses_that_are_allowed()
    {
        // Not a check that passes on anything: the real tree has these uses, and the scan must find them.
        var uses = FolderLayers.Uses(ModuleSources());

        Assert.Contains("Errors", uses["Connection"]);
        Assert.Contains("Connection", uses["Completion"]);
        Assert.Contains("Completion", uses["Commands"]);
        Assert.Contains("Infrastructure", uses["Commands"]);
    }

    [Theory]
    [InlineData("using Losant.AccessTokens.Commands;")]
    [InlineData("var record = Losant.AccessTokens.Commands.TokenInput.Describe(id);")]
    [InlineData("Commands.TokenInput.Describe(id);")]
    public void A_lower_folder_that_uses_a_higher_one_is_reported(string line)
    {
        var sources = new Dictionary<string, IReadOnlyList<string>>
        {
            ["Errors"] = new[] { "namespace Losant.AccessTokens.Errors\n{\n    " + line + "\n}\n" },
            ["Commands"] = new[] { "using Losant.AccessTokens.Errors;\nnamespace Losant.AccessTokens.Commands { }\n" },
        };

        var violation = Assert.Single(FolderLayers.Violations(sources, Layers));
        Assert.Equal("Errors uses Commands, which is above it", violation);
    }

    [Fact]
    public void A_folder_that_is_not_a_layer_is_reported()
    {
        var sources = new Dictionary<string, IReadOnlyList<string>> { ["Helpers"] = new[] { "namespace Losant.AccessTokens.Helpers { }" } };

        Assert.Equal(new[] { "Helpers is not one of the layers" }, FolderLayers.Violations(sources, Layers));
    }

    [Fact]
    public void A_mention_in_a_comment_is_no_use()
    {
        var sources = new Dictionary<string, IReadOnlyList<string>>
        {
            ["Errors"] = new[] { "/// <summary>See Commands.TokenInput.</summary>\n// using Losant.AccessTokens.Commands;\nnamespace Losant.AccessTokens.Errors { }" },
        };

        Assert.Empty(FolderLayers.Violations(sources, Layers));
    }

    [Fact]
    public void No_source_file_of_the_module_is_over_300_lines()
    {
        var longFiles = ModuleFiles()
            .Select(path => (Path: Path.GetRelativePath(ModuleRoot(), path), Lines: File.ReadAllLines(path).Length))
            .Where(file => file.Lines > 300)
            .Select(file => $"{file.Path}: {file.Lines} lines");

        Assert.Empty(longFiles);
    }

    [Fact]
    public void A_cmdlet_synopsis_is_written_only_in_its_help_file()
    {
        // module/help/*.md is what Get-Help shows; a second copy in the C# comments would drift from it.
        var restated = ModuleFiles().Where(path => File.ReadAllText(path).Contains("type=\"synopsis\"", StringComparison.Ordinal))
            .Select(path => Path.GetRelativePath(ModuleRoot(), path));

        Assert.Empty(restated);
    }

    private static Dictionary<string, IReadOnlyList<string>> ModuleSources() =>
        ModuleFiles()
            .GroupBy(path => Path.GetRelativePath(ModuleRoot(), path).Split(Path.DirectorySeparatorChar)[0])
            .ToDictionary(group => group.Key, group => (IReadOnlyList<string>)group.Select(File.ReadAllText).ToList());

    // The folders' files, not the project's own output (bin, obj).
    private static IEnumerable<string> ModuleFiles() =>
        Directory.EnumerateFiles(ModuleRoot(), "*.cs", SearchOption.AllDirectories)
            .Where(path => Path.GetRelativePath(ModuleRoot(), path).Split(Path.DirectorySeparatorChar) is var parts
                && parts.Length > 1 && parts[0] != "bin" && parts[0] != "obj");

    private static string ModuleRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory != null; directory = directory.Parent)
        {
            var module = Path.Combine(directory.FullName, "src", "AccessToken");
            if (File.Exists(Path.Combine(module, "AccessToken.csproj"))) return module;
        }

        throw new InvalidOperationException("The module's sources (src/AccessToken) were not found above " + AppContext.BaseDirectory);
    }
}

/// <summary>Which of the module's folders each folder's sources use, and which uses break the order of the layers.</summary>
internal static class FolderLayers
{
    private const string Root = "Losant.AccessTokens.";

    private static readonly Regex Comment = new(@"//[^\n]*|/\*.*?\*/", RegexOptions.Singleline);

    /// <summary>The folders each folder uses: by a using directive or a qualified name, comments aside.</summary>
    public static Dictionary<string, HashSet<string>> Uses(IReadOnlyDictionary<string, IReadOnlyList<string>> sourcesByFolder)
    {
        var folders = sourcesByFolder.Keys.ToList();
        var uses = new Dictionary<string, HashSet<string>>();
        foreach (var (folder, sources) in sourcesByFolder)
        {
            uses[folder] = new HashSet<string>();
            foreach (var source in sources)
            {
                var code = Comment.Replace(source, string.Empty);
                foreach (var other in folders.Where(other => other != folder))
                {
                    var name = Regex.Escape(other);
                    var used = Regex.IsMatch(code, @"\busing\s+" + Regex.Escape(Root) + name + @"\s*;")
                        || Regex.IsMatch(code, @"(?<![\w.])(" + Regex.Escape(Root) + ")?" + name + @"\.[A-Z]\w*");
                    if (used) uses[folder].Add(other);
                }
            }
        }

        return uses;
    }

    /// <summary>Every use of a folder at or above the user's own layer, and every folder that is not a layer.</summary>
    public static List<string> Violations(IReadOnlyDictionary<string, IReadOnlyList<string>> sourcesByFolder, IReadOnlyList<string> layers)
    {
        var violations = new List<string>();
        foreach (var (folder, used) in Uses(sourcesByFolder).OrderBy(pair => pair.Key))
        {
            var level = IndexOf(layers, folder);
            if (level < 0)
            {
                violations.Add($"{folder} is not one of the layers");
                continue;
            }

            violations.AddRange(used.Where(other => IndexOf(layers, other) > level).OrderBy(other => other).Select(other => $"{folder} uses {other}, which is above it"));
        }

        return violations;
    }

    private static int IndexOf(IReadOnlyList<string> layers, string folder)
    {
        for (var i = 0; i < layers.Count; i++)
        {
            if (layers[i] == folder) return i;
        }

        return -1;
    }
}
