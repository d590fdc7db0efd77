using System.Text.Json;

namespace Losant.AccessTokens.Tests;

/// <summary>What goes over the wire for each operation, as the emulator recorded it.</summary>
public sealed class WireFormatTests(EmulatorFixture emulator) : EmulatorTests(emulator)
{
    public static TheoryData<Operation> EachOperation => Operations.Each();

    [Theory]
    [MemberData(nameof(EachOperation))]
    public async Task Each_operation_sends_its_method_to_its_path_with_default_query_flags(Operation operation)
    {
        await Operations.RunAsync(Client(), operation);

        var request = Assert.Single(await Emulator.RequestsAsync());
        Assert.Equal(Operations.Method(operation), request.GetProperty("method").GetString());
        Assert.Equal(Operations.Path(operation), request.GetProperty("path").GetString());
        Assert.Equal("?_actions=false&_links=true&_embedded=true", request.GetProperty("query").GetString());
    }

    [Theory]
    [MemberData(nameof(EachOperation))]
    public async Task Only_lists_ask_for_a_compressed_answer(Operation operation)
    {
        // Lists can be megabytes; a single token or a change is not worth the compressor's work.
        await Operations.RunAsync(Client(), operation);

        var request = Assert.Single(await Emulator.RequestsAsync());
        var expected = operation == Operation.List ? "gzip, deflate" : null;
        Assert.Equal(expected, EmulatorFixture.Header(request, "Accept-Encoding"));
    }

    public static TheoryData<Operation, bool, bool, bool, string> ExplicitFlags()
    {
        var data = new TheoryData<Operation, bool, bool, bool, string>();
        foreach (var operation in Operations.All)
        {
            data.Add(operation, true, false, false, "?_actions=true&_links=false&_embedded=false");
            data.Add(operation, false, true, false, "?_actions=false&_links=true&_embedded=false");
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ExplicitFlags))]
    public async Task Each_operation_sends_explicit_query_flags_as_given(Operation operation, bool actions, bool links, bool embedded, string expected)
    {
        await Operations.RunAsync(Client(), operation, new QueryFlags(actions, links, embedded));

        var request = Assert.Single(await Emulator.RequestsAsync());
        Assert.Equal(expected, request.GetProperty("query").GetString());
    }

    [Fact]
    public void Unset_query_flags_take_the_reference_defaults_and_set_ones_override_them()
    {
        Assert.Equal("?_actions=false&_links=true&_embedded=true", QueryFlags.Default.ToQueryString());
        Assert.Equal("?_actions=true&_links=true&_embedded=true", new QueryFlags(true, null, null).ToQueryString());
        Assert.Equal("?_actions=false&_links=false&_embedded=true", new QueryFlags(null, false, null).ToQueryString());
    }

    [Theory]
    [MemberData(nameof(EachOperation))]
    public async Task Each_operation_sends_the_reference_headers(Operation operation)
    {
        await Operations.RunAsync(Client(), operation);

        var request = Assert.Single(await Emulator.RequestsAsync());
        Assert.Equal("application/json", EmulatorFixture.Header(request, "Accept"));
        Assert.Equal("^1.3.7", EmulatorFixture.Header(request, "Accept-Version"));
        Assert.Equal("Bearer " + EmulatorFixture.ApiToken, EmulatorFixture.Header(request, "Authorization"));
        Assert.StartsWith("AccessToken-PowerShell/", EmulatorFixture.Header(request, "User-Agent"));
        Assert.True(Guid.TryParse(EmulatorFixture.Header(request, "X-Request-Id"), out _), "X-Request-Id is a GUID");
    }

    [Theory]
    [InlineData(Operation.Get)]
    [InlineData(Operation.List)]
    [InlineData(Operation.Delete)]
    public async Task Requests_without_a_body_send_no_content_type(Operation operation)
    {
        await Operations.RunAsync(Client(), operation);

        var request = Assert.Single(await Emulator.RequestsAsync());
        Assert.Null(EmulatorFixture.Header(request, "Content-Type"));
        Assert.Equal(JsonValueKind.Null, request.GetProperty("body").ValueKind);
    }

    [Theory]
    [InlineData(Operation.Update)]
    [InlineData(Operation.Create)]
    public async Task Requests_with_a_body_declare_it_as_json(Operation operation)
    {
        await Operations.RunAsync(Client(), operation);

        var request = Assert.Single(await Emulator.RequestsAsync());
        Assert.Equal("application/json", EmulatorFixture.Header(request, "Content-Type"));
    }

    [Fact]
    public async Task Each_request_gets_a_request_id_of_its_own()
    {
        var client = Client();

        await client.GetAsync(TokenOwner.Caller, Operations.SeedId, QueryFlags.Default, CancellationToken.None);
        await client.GetAsync(TokenOwner.Caller, Operations.SeedId, QueryFlags.Default, CancellationToken.None);

        var ids = (await Emulator.RequestsAsync()).Select(r => EmulatorFixture.Header(r, "X-Request-Id")).ToArray();
        Assert.Equal(2, ids.Length);
        Assert.NotEqual(ids[0], ids[1]);
    }

    [Theory]
    [InlineData(Operation.Get)]
    [InlineData(Operation.Create)]
    public async Task Retries_of_one_request_carry_the_same_request_id(Operation operation)
    {
        await Emulator.SetFaultsAsync(new { kind = "503", count = 2 });

        await Operations.RunAsync(Client(), operation);

        var ids = (await Emulator.RequestsAsync()).Select(r => EmulatorFixture.Header(r, "X-Request-Id")).ToArray();
        Assert.Equal(3, ids.Length);
        Assert.NotNull(ids[0]);
        Assert.All(ids, id => Assert.Equal(ids[0], id));
    }

    [Fact]
    public async Task Patch_with_only_a_name_sends_only_the_name()
    {
        var token = await Client().UpdateAsync(TokenOwner.Caller, Operations.SeedId, new AccessTokenPatch { Name = "Renamed" }, QueryFlags.Default, CancellationToken.None);

        Assert.Equal("{\"name\":\"Renamed\"}", await SingleBodyAsync());
        Assert.Equal("Renamed", token.Name);
    }

    [Fact]
    public async Task Patch_with_only_a_status_sends_only_the_status_in_lower_case()
    {
        var token = await Client().UpdateAsync(TokenOwner.Caller, Operations.SeedId, new AccessTokenPatch { Status = AccessTokenStatus.Inactive }, QueryFlags.Default, CancellationToken.None);

        Assert.Equal("{\"status\":\"inactive\"}", await SingleBodyAsync());
        Assert.Equal(AccessTokenStatus.Inactive, token.Status);
        Assert.Equal("Fleet telemetry reader", token.Name);
    }

    [Fact]
    public async Task Patch_with_name_and_status_sends_both()
    {
        await Client().UpdateAsync(TokenOwner.Caller, Operations.SeedId, new AccessTokenPatch { Name = "Both", Status = AccessTokenStatus.Active }, QueryFlags.Default, CancellationToken.None);

        Assert.Equal("{\"name\":\"Both\",\"status\":\"active\"}", await SingleBodyAsync());
    }

    [Fact]
    public async Task Post_with_only_a_name_sends_only_the_name()
    {
        var token = await Client().CreateAsync(TokenOwner.Caller, new AccessTokenPost("Build agent"), QueryFlags.Default, CancellationToken.None);

        Assert.Equal("{\"name\":\"Build agent\"}", await SingleBodyAsync());
        Assert.Equal("Build agent", token.Name);
        Assert.NotNull(token.Token);
    }

    [Fact]
    public async Task Post_with_every_field_sends_each_in_the_contract_format()
    {
        var post = new AccessTokenPost("Full")
        {
            Scope = ["devices.get", "data.export"],
            ExpirationDate = new DateTime(2031, 2, 3, 4, 5, 6, 789, DateTimeKind.Utc),
            Status = AccessTokenStatus.Inactive,
        };

        var token = await Client().CreateAsync(TokenOwner.Caller, post, QueryFlags.Default, CancellationToken.None);

        Assert.Equal(
            "{\"name\":\"Full\",\"expirationDate\":\"2031-02-03T04:05:06.789Z\",\"scope\":[\"devices.get\",\"data.export\"],\"status\":\"inactive\"}",
            await SingleBodyAsync());
        Assert.Equal(post.ExpirationDate, token.ExpirationDate);
        Assert.Equal(post.Scope, token.Scope);
        Assert.Equal(AccessTokenStatus.Inactive, token.Status);
    }

    [Fact]
    public async Task Post_expiration_date_is_sent_as_utc_with_milliseconds_even_when_whole_seconds()
    {
        var post = new AccessTokenPost("Whole") { ExpirationDate = new DateTime(2032, 12, 31, 23, 59, 59, DateTimeKind.Utc) };

        await Client().CreateAsync(TokenOwner.Caller, post, QueryFlags.Default, CancellationToken.None);

        using var body = JsonDocument.Parse((await SingleBodyAsync())!);
        Assert.Equal("2032-12-31T23:59:59.000Z", body.RootElement.GetProperty("expirationDate").GetString());
    }

    [Fact]
    public async Task Id_with_reserved_characters_stays_inside_one_path_segment()
    {
        var failure = await Assert.ThrowsAsync<ApiException>(() =>
            Client().GetAsync(TokenOwner.Caller, "a/b?c", QueryFlags.Default, CancellationToken.None));

        var request = Assert.Single(await Emulator.RequestsAsync());
        Assert.Equal("/access-tokens/a%2Fb%3Fc", request.GetProperty("path").GetString());
        Assert.Equal("?_actions=false&_links=true&_embedded=true", request.GetProperty("query").GetString());
        Assert.Equal(400, failure.StatusCode);
    }

    private AccessTokenClient Client() => new(Emulator.Settings());

    private async Task<string?> SingleBodyAsync() =>
        Assert.Single(await Emulator.RequestsAsync()).GetProperty("body").GetString();
}
