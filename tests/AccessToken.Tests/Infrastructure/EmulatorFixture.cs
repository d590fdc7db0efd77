using System.Diagnostics;
using System.Net.Http.Json;
using System.Reflection;
using System.Security;
using System.Text.Json;

namespace Losant.AccessTokens.Tests.Infrastructure;

/// <summary>
/// One emulator process for a test class, reached over loopback HTTP like the real API.
/// Each test resets it first (<see cref="ResetAsync"/>).
/// </summary>
public sealed class EmulatorFixture : IAsyncLifetime
{
    public const string ApiToken = "emulator-api-token";

    private Process? _process;
    private readonly HttpClient _control = new();

    public Uri BaseUri { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var path = typeof(EmulatorFixture).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "EmulatorPath").Value!;
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { Path.GetFullPath(path), "--api-token", ApiToken, "--parent-pid", Environment.ProcessId.ToString() })
        {
            start.ArgumentList.Add(argument);
        }

        _process = Process.Start(start)!;
        _ = _process.StandardError.ReadToEndAsync();
        var line = await _process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
        if (line == null || !line.StartsWith("EMULATOR_URL=", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"The emulator did not report its address: '{line}'.");
        }

        BaseUri = new Uri(line["EMULATOR_URL=".Length..]);
        _control.BaseAddress = BaseUri;
    }

    public async Task DisposeAsync()
    {
        try
        {
            await _control.PostAsync("_emulator/shutdown", null);
        }
        catch (HttpRequestException)
        {
            // Already gone.
        }

        if (_process != null && !_process.WaitForExit(5000)) _process.Kill();
        _control.Dispose();
    }

    /// <summary>The API version of the seed's contract (/access-tokens), which these tests pin unless they say otherwise.</summary>
    public static readonly Version AccessTokensApiVersion = new(1, 3, 7);

    /// <summary>Settings for a client of this emulator, with short backoff so retry tests stay quick.</summary>
    public ConnectionSettings Settings(string? apiToken = null) =>
        new(BaseUri, Secure(apiToken ?? ApiToken)) { ApiVersion = AccessTokensApiVersion, RetryBaseDelay = TimeSpan.FromMilliseconds(5) };

    /// <summary>Settings for a client of this emulator that speaks today's API (the default version, 1.30).</summary>
    public ConnectionSettings CurrentSettings(string? apiToken = null) =>
        new(BaseUri, Secure(apiToken ?? ApiToken)) { RetryBaseDelay = TimeSpan.FromMilliseconds(5) };

    /// <summary>
    /// Sends <paramref name="body"/> as JSON to a control endpoint (<c>/_emulator/{path}</c>), by POST
    /// unless <paramref name="method"/> names another, and returns its answer; a refusal fails the test.
    /// </summary>
    public async Task<JsonElement> ControlAsync(string path, object body, HttpMethod? method = null)
    {
        using var request = new HttpRequestMessage(method ?? HttpMethod.Post, "_emulator/" + path) { Content = JsonContent.Create(body) };
        using var response = await _control.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).Clone();
    }

    /// <summary>A control endpoint's answer to GET (<c>/_emulator/{path}</c>).</summary>
    public async Task<JsonElement> ControlGetAsync(string path)
    {
        using var document = JsonDocument.Parse(await _control.GetStringAsync("_emulator/" + path));
        return document.RootElement.Clone();
    }

    /// <summary>Forgets the recorded requests.</summary>
    public async Task ClearRequestsAsync()
    {
        using var response = await _control.DeleteAsync("_emulator/requests");
        response.EnsureSuccessStatusCode();
    }

    /// <summary>The recorded requests for paths that match <paramref name="path"/> exactly, in arrival order.</summary>
    public async Task<JsonElement[]> RequestsAsync(string path) =>
        (await RequestsAsync()).Where(r => r.GetProperty("path").GetString() == path).ToArray();

    /// <summary>The <c>page</c> each recorded list request asked for, in arrival order.</summary>
    public async Task<int[]> PagesRequestedAsync(string path) =>
        (await RequestsAsync(path)).Select(r => PageOf(r.GetProperty("query").GetString()!)).ToArray();

    /// <summary>The <c>page</c> parameter of a raw query string (-1 when it has none).</summary>
    public static int PageOf(string query)
    {
        var match = System.Text.RegularExpressions.Regex.Match(query, "[?&]page=([0-9]+)(&|$)");
        return match.Success ? int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : -1;
    }

    public async Task ResetAsync(int seedCount = 0)
    {
        using var response = seedCount > 0
            ? await _control.PostAsJsonAsync("_emulator/reset", new { seedCount })
            : await _control.PostAsync("_emulator/reset", new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Replaces the fault rules, each as the emulator's <c>/_emulator/faults</c> takes it.</summary>
    public async Task SetFaultsAsync(params object[] rules)
    {
        using var response = await _control.PostAsJsonAsync("_emulator/faults", rules);
        response.EnsureSuccessStatusCode();
    }

    public async Task ClearFaultsAsync()
    {
        using var response = await _control.DeleteAsync("_emulator/faults");
        response.EnsureSuccessStatusCode();
    }

    /// <summary>The API requests the emulator recorded, in arrival order.</summary>
    public async Task<JsonElement[]> RequestsAsync()
    {
        using var document = JsonDocument.Parse(await _control.GetStringAsync("_emulator/requests"));
        return document.RootElement.EnumerateArray().Select(e => e.Clone()).ToArray();
    }

    /// <summary>The emulator's whole store.</summary>
    public async Task<JsonElement[]> TokensAsync()
    {
        using var document = JsonDocument.Parse(await _control.GetStringAsync("_emulator/tokens"));
        return document.RootElement.GetProperty("items").EnumerateArray().Select(e => e.Clone()).ToArray();
    }

    /// <summary>A recorded request's header, looked up without regard to case as HTTP names are.</summary>
    public static string? Header(JsonElement request, string name)
    {
        foreach (var header in request.GetProperty("headers").EnumerateObject())
        {
            if (string.Equals(header.Name, name, StringComparison.OrdinalIgnoreCase)) return header.Value.GetString();
        }

        return null;
    }

    public static SecureString Secure(string text)
    {
        var secret = new SecureString();
        foreach (var c in text) secret.AppendChar(c);
        secret.MakeReadOnly();
        return secret;
    }
}
