namespace Losant.AccessTokens.Tests.Layers;

/// <summary>
/// The tests, the emulator and the tools keep to the length the engine and the module keep to
/// (<see cref="EngineLayerTests"/>, <c>ModuleLayerTests</c>): no file over 300 lines, so that each
/// does one job a reader can hold in mind.
/// </summary>
public class ScriptLengthTests
{
    private static readonly string[] Extensions = { ".cs", ".ps1", ".psm1" };
    private static readonly string[] Generated = { "bin", "obj", "node_modules" };

    [Fact]
    public void No_file_of_the_tests_the_emulator_or_the_tools_is_over_300_lines()
    {
        var root = RepositoryRoot();
        var files = Sources(root).ToList();

        // The scan saw the test scripts, the emulator, the xUnit tests and the tools.
        Assert.Contains(Path.Combine("tests", "EmulatorControl.psm1"), files);
        Assert.Contains(Path.Combine("tests", "AccessToken.Emulator", "Program.cs"), files);
        Assert.Contains(Path.Combine("tests", "AccessToken.Tests", "Unit", "Layers", "ScriptLengthTests.cs"), files);
        Assert.Contains(Path.Combine("tools", "Measure-Module.ps1"), files);
        Assert.Contains("build.ps1", files);

        var longer = files
            .Select(path => (Path: path, Lines: File.ReadAllLines(Path.Combine(root, path)).Length))
            .Where(file => file.Lines > 300)
            .Select(file => $"{file.Path}: {file.Lines} lines");
        Assert.Empty(longer);
    }

    // The scripts at the top, and every source below tests/ and tools/ but what builds and npm write.
    private static IEnumerable<string> Sources(string root) =>
        Directory.EnumerateFiles(root, "*.ps1")
            .Concat(new[] { "tests", "tools" }.SelectMany(folder => Directory.EnumerateFiles(Path.Combine(root, folder), "*", SearchOption.AllDirectories)))
            .Where(path => Extensions.Contains(Path.GetExtension(path)))
            .Select(path => Path.GetRelativePath(root, path))
            .Where(path => !path.Split(Path.DirectorySeparatorChar).Any(part => Generated.Contains(part)));

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory != null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "AccessTokens.sln"))) return directory.FullName;
        }

        throw new InvalidOperationException("The repository (AccessTokens.sln) was not found above " + AppContext.BaseDirectory);
    }
}
