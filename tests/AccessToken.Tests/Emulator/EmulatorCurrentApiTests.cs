using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Losant.AccessTokens.Tests;

/// <summary>
/// The emulator's own promises about today's API (README of AccessToken.Emulator), checked over
/// plain HTTP so that module tests written against them stand on solid ground.
/// </summary>
public sealed class EmulatorCurrentApiTests(EmulatorFixture emulator) : EmulatorTests(emulator)
{
    private const string FleetMonitor = "5b0000000000000000000001";

    private readonly HttpClient _http = new()
    {
        BaseAddress = emulator.BaseUri,
        DefaultRequestHeaders = { Authorization = new AuthenticationHeaderValue("Bearer", EmulatorFixture.ApiToken) },
    };

    public override Task DisposeAsync()
    {
        _http.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Me_tokens_and_access_tokens_are_one_store()
    {
        using var created = await _http.PostAsync("me/tokens", Json("""{"name":"Shared","defaultRole":"view"}"""));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await ReadAsync(created)).GetProperty("id").GetString();

        var old = await GetJsonAsync($"access-tokens/{id}");

        Assert.Equal("Shared", old.GetProperty("name").GetString());
        Assert.False(old.TryGetProperty("defaultRole", out _));
    }

    [Fact]
    public async Task Pages_cover_every_token_once_in_name_order()
    {
        var names = new List<string>();
        for (var page = 0; page < 3; page++)
        {
            var answer = await GetJsonAsync($"me/tokens?perPage=2&page={page}");
            Assert.Equal(5, answer.GetProperty("totalCount").GetInt32());
            names.AddRange(answer.GetProperty("items").EnumerateArray().Select(t => t.GetProperty("name").GetString()!));
        }

        Assert.Equal(["Backup job", "Dashboard viewer", "Deploy pipeline", "Fleet telemetry reader", "Old integration"], names);
    }

    [Fact]
    public async Task Filter_globs_without_regard_to_case_over_the_whole_name()
    {
        var answer = await GetJsonAsync($"applications/{FleetMonitor}/tokens?filter=*KIOSK");

        var token = Assert.Single(answer.GetProperty("items").EnumerateArray());
        Assert.Equal("Dashboard kiosk", token.GetProperty("name").GetString());
        Assert.Equal("name", answer.GetProperty("filterField").GetString());
    }

    [Fact]
    public async Task Application_tokens_refuse_a_default_role_naming_the_field()
    {
        using var answer = await _http.PostAsync($"applications/{FleetMonitor}/tokens", Json("""{"name":"x","defaultRole":"view"}"""));

        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        var error = await ReadAsync(answer);
        Assert.Equal("Validation", error.GetProperty("type").GetString());
        Assert.Contains("defaultRole", error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task A_signed_in_user_token_is_accepted_as_bearer()
    {
        using var anonymous = new HttpClient { BaseAddress = Emulator.BaseUri };
        using var signIn = await anonymous.PostAsync("auth/user", Json("""{"email":"user@example.com","password":"emulator-password"}"""));
        var token = (await ReadAsync(signIn)).GetProperty("token").GetString();

        using var request = new HttpRequestMessage(HttpMethod.Get, "applications");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var answer = await anonymous.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
    }

    [Fact]
    public async Task An_armed_mutation_changes_the_total_from_the_next_page_on()
    {
        await Emulator.ControlAsync("mutations", new { path = $"/applications/{FleetMonitor}/tokens", afterPage = 0, add = 2 });

        var first = await GetJsonAsync($"applications/{FleetMonitor}/tokens?perPage=2&page=0");
        var second = await GetJsonAsync($"applications/{FleetMonitor}/tokens?perPage=2&page=1");

        Assert.Equal(3, first.GetProperty("totalCount").GetInt32());
        Assert.Equal(5, second.GetProperty("totalCount").GetInt32());
    }

    [Fact]
    public async Task Rate_limit_refuses_past_the_burst_and_counts_both_ways()
    {
        await LimitToOneRequestAsync();

        using var allowed = await _http.GetAsync("applications");
        using var refused = await _http.GetAsync("applications");

        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.Equal("1", allowed.Headers.GetValues("RateLimit-Limit").Single());
        Assert.Equal((HttpStatusCode)429, refused.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(7), refused.Headers.RetryAfter?.Delta);
        await AssertOneAllowedAndOneRefusedAsync();
    }

    [Fact]
    public async Task A_rate_limit_changed_while_it_runs_keeps_its_counters_and_can_send_no_Retry_After()
    {
        await LimitToOneRequestAsync();
        using var allowed = await _http.GetAsync("applications");

        await Emulator.ControlAsync("ratelimit", new { retryAfter = "none" }, HttpMethod.Patch);
        using var refused = await _http.GetAsync("applications");

        Assert.Equal((HttpStatusCode)429, refused.StatusCode);
        Assert.False(refused.Headers.Contains("Retry-After"));
        var counters = await AssertOneAllowedAndOneRefusedAsync();
        Assert.Equal(0.1, counters.GetProperty("requestsPerSecond").GetDouble());
        Assert.Equal("none", counters.GetProperty("retryAfter").GetString());

        // Relaxed: a bucket that refills a thousand times faster has room again at once.
        await Emulator.ControlAsync("ratelimit", new { requestsPerSecond = 1000 }, HttpMethod.Patch);
        await Task.Delay(10);
        using var again = await _http.GetAsync("applications");
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
    }

    [Fact]
    public async Task Changing_a_rate_limit_that_is_off_is_refused()
    {
        using var off = await _http.DeleteAsync("_emulator/ratelimit");
        using var change = await _http.SendAsync(new HttpRequestMessage(HttpMethod.Patch, "_emulator/ratelimit") { Content = Json("""{"requestsPerSecond":5}""") });

        Assert.Equal(HttpStatusCode.BadRequest, change.StatusCode);
    }

    [Fact]
    public async Task A_429_fault_rule_can_send_no_Retry_After()
    {
        await Emulator.SetFaultsAsync(new { kind = "429", retryAfter = "none", count = 1 });

        using var refused = await _http.GetAsync("applications");

        Assert.Equal((HttpStatusCode)429, refused.StatusCode);
        Assert.False(refused.Headers.Contains("Retry-After"));
    }

    [Fact]
    public async Task A_fault_rule_can_pick_one_page_by_its_query()
    {
        await Emulator.SetFaultsAsync(new { path = "^/me/tokens$", query = "[?&]page=1(&|$)", kind = "503" });

        using var first = await _http.GetAsync("me/tokens?perPage=2&page=0");
        using var second = await _http.GetAsync("me/tokens?perPage=2&page=1");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, second.StatusCode);
    }

    /// <summary>A bucket of one that refills every ten seconds: the first request passes, the next is refused with Retry-After 7.</summary>
    private Task LimitToOneRequestAsync() =>
        Emulator.ControlAsync("ratelimit", new { requestsPerSecond = 0.1, burst = 1, retryAfter = 7 });

    /// <summary>Asserts the rate limiter's counters after one request it let through and one it refused; returns its state.</summary>
    private async Task<JsonElement> AssertOneAllowedAndOneRefusedAsync()
    {
        var counters = await Emulator.ControlGetAsync("ratelimit");
        Assert.Equal(1, counters.GetProperty("allowed").GetInt32());
        Assert.Equal(1, counters.GetProperty("refused").GetInt32());
        return counters;
    }

    private static StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).Clone();

    private async Task<JsonElement> GetJsonAsync(string path)
    {
        using var response = await _http.GetAsync(path);
        response.EnsureSuccessStatusCode();
        return await ReadAsync(response);
    }
}
