using System.Text.Json;

namespace Losant.AccessTokens.Tests;

/// <summary>
/// What goes over the wire under today's API (1.30, the default), for each operation and each
/// owner, as the emulator recorded it: method, path, raw query, headers and body, exactly.
/// </summary>
public sealed class CurrentWireFormatTests(EmulatorFixture emulator) : EmulatorTests(emulator)
{
    public static TheoryData<string, Operation> EachOwnerAndOperation => CurrentSeeds.EachOwnerAndOperation();

    public static TheoryData<string> EachOwner => CurrentSeeds.EachOwner();

    [Theory]
    [MemberData(nameof(EachOwnerAndOperation))]
    public async Task Each_operation_of_each_owner_sends_its_method_to_its_path_with_the_default_query(string ownerName, Operation operation)
    {
        var owner = CurrentSeeds.Owner(ownerName);

        await Operations.RunAsync(CurrentClient(), operation, owner.Owner, owner.TokenId);

        var request = Assert.Single(await Emulator.RequestsAsync());
        Assert.Equal(Operations.Method(operation), request.GetProperty("method").GetString());
        Assert.Equal(operation is Operation.List or Operation.Create ? owner.Collection : owner.Item, request.GetProperty("path").GetString());
        Assert.Equal(operation == Operation.List ? CurrentSeeds.FirstPage : CurrentSeeds.DefaultFlags, request.GetProperty("query").GetString());
    }

    [Theory]
    [MemberData(nameof(EachOwnerAndOperation))]
    public async Task Each_operation_of_each_owner_sends_the_headers_of_API_1_30_and_a_content_type_only_with_a_body(string ownerName, Operation operation)
    {
        var owner = CurrentSeeds.Owner(ownerName);

        await Operations.RunAsync(CurrentClient(), operation, owner.Owner, owner.TokenId);

        var request = Assert.Single(await Emulator.RequestsAsync());
        Assert.Equal("application/json", EmulatorFixture.Header(request, "Accept"));
        Assert.Equal("^1.30.0", EmulatorFixture.Header(request, "Accept-Version"));
        Assert.Equal("Bearer " + EmulatorFixture.ApiToken, EmulatorFixture.Header(request, "Authorization"));
        var hasBody = operation is Operation.Create or Operation.Update;
        Assert.Equal(hasBody ? "application/json" : null, EmulatorFixture.Header(request, "Content-Type"));
        Assert.Equal(hasBody ? JsonValueKind.String : JsonValueKind.Null, request.GetProperty("body").ValueKind);
    }

    [Theory]
    [MemberData(nameof(EachOwnerAndOperation))]
    public async Task Each_operation_of_each_owner_sends_explicit_query_flags_before_the_paging(string ownerName, Operation operation)
    {
        var owner = CurrentSeeds.Owner(ownerName);

        await Operations.RunAsync(CurrentClient(), operation, owner.Owner, owner.TokenId, new QueryFlags(true, false, false));

        var query = Assert.Single(await Emulator.RequestsAsync()).GetProperty("query").GetString();
        Assert.Equal("?_actions=true&_links=false&_embedded=false" + (operation == Operation.List ? "&page=0&perPage=100" : string.Empty), query);
    }

    [Fact]
    public async Task The_overloads_without_an_owner_address_the_callers_tokens_at_me_tokens()
    {
        var client = CurrentClient();

        foreach (var operation in Operations.All) await Operations.RunAsync(client, operation);

        var requests = await Emulator.RequestsAsync();
        Assert.Equal(
            ["GET /me/tokens/" + Operations.SeedId, "GET /me/tokens", "PATCH /me/tokens/" + Operations.SeedId, "DELETE /me/tokens/" + Operations.SeedId, "POST /me/tokens"],
            requests.Select(r => r.GetProperty("method").GetString() + " " + r.GetProperty("path").GetString()));
    }

    [Theory]
    [MemberData(nameof(EachOwner))]
    public async Task Get_returns_the_owners_token_and_remembers_whose_it_is(string ownerName)
    {
        var owner = CurrentSeeds.Owner(ownerName);

        var token = await CurrentClient().GetAsync(owner.Owner, owner.TokenId, QueryFlags.Default, CancellationToken.None);

        Assert.Equal(owner.TokenId, token.Id);
        Assert.Equal(owner.Owner.Kind == TokenOwnerKind.Application ? CurrentSeeds.FleetMonitor : null, token.ApplicationId);
        Assert.Equal(owner.Owner.Kind == TokenOwnerKind.Instance ? CurrentSeeds.AcmeInstance : null, token.InstanceId);
        Assert.Null(token.Token);
    }

    [Fact]
    public async Task A_list_with_a_name_filter_sends_filterField_name_and_the_pattern_escaped()
    {
        var listed = await ListAsync(CurrentSeeds.Caller, new ListQuery { NameFilter = "fleet tel*" });

        Assert.Equal(CurrentSeeds.FirstPage + "&filterField=name&filter=fleet%20tel%2A", await SingleQueryAsync());
        Assert.Equal([Operations.SeedId], listed.Select(t => t.Id));
    }

    [Theory]
    [InlineData(AccessTokenStatus.Active, "active", new[] { "5c0000000001000000000001", "5c0000000001000000000002" })]
    [InlineData(AccessTokenStatus.Inactive, "inactive", new[] { "5c0000000001000000000003" })]
    public async Task A_list_with_a_status_filter_sends_filterField_status_and_the_status_in_lower_case(AccessTokenStatus status, string wire, string[] ids)
    {
        var listed = await ListAsync(CurrentSeeds.Application, new ListQuery { StatusFilter = status });

        Assert.Equal(CurrentSeeds.FirstPage + "&filterField=status&filter=" + wire, await SingleQueryAsync());
        Assert.Equal(ids, listed.Select(t => t.Id));
    }

    [Fact]
    public async Task A_list_with_both_filters_sends_only_the_name_filter_as_the_server_filters_on_one_field()
    {
        await ListAsync(CurrentSeeds.Instance, new ListQuery { NameFilter = "Org*", StatusFilter = AccessTokenStatus.Inactive });

        Assert.Equal(CurrentSeeds.FirstPage + "&filterField=name&filter=Org%2A", await SingleQueryAsync());
    }

    [Fact]
    public async Task A_list_with_concurrency_still_asks_for_the_first_page_alone()
    {
        await ListAsync(CurrentSeeds.Caller, new ListQuery { Concurrency = 8 });

        Assert.Equal(CurrentSeeds.FirstPage, await SingleQueryAsync());
    }

    [Theory]
    [MemberData(nameof(EachOwner))]
    public async Task Post_sends_only_the_fields_set_in_the_contract_order_and_reads_the_201_answer_with_its_secret(string ownerName)
    {
        var owner = CurrentSeeds.Owner(ownerName);
        var post = new AccessTokenPost("Build agent")
        {
            Description = "Builds things",
            ExpirationDate = new DateTime(2031, 2, 3, 4, 5, 6, 789, DateTimeKind.Utc),
            // Application tokens take no default role (applicationApiTokenPost).
            DefaultRole = owner.Owner.Kind == TokenOwnerKind.Application ? null : "view",
            Scope = ["all.Device"],
            Status = AccessTokenStatus.Inactive,
        };

        var token = await CurrentClient().CreateAsync(owner.Owner, post, QueryFlags.Default, CancellationToken.None);

        var role = post.DefaultRole == null ? string.Empty : ",\"defaultRole\":\"view\"";
        var body = await SingleBodyAsync();
        Assert.Equal(
            "{\"name\":\"Build agent\",\"description\":\"Builds things\",\"expirationDate\":\"2031-02-03T04:05:06.789Z\"" + role +
            ",\"scope\":[\"all.Device\"],\"status\":\"inactive\"}",
            body);
        Assert.DoesNotContain("orgRoles", body);
        var stored = Assert.Single(await StoredAsync(owner), t => t.GetProperty("id").GetString() == token.Id);
        Assert.Equal(stored.GetProperty("token").GetString(), Secrets.Reveal(token.Token!));
        Assert.Equal("Builds things", token.Description);
        Assert.Equal(post.DefaultRole, token.DefaultRole);
        Assert.Equal(post.ExpirationDate, token.ExpirationDate);
        Assert.Equal(AccessTokenStatus.Inactive, token.Status);
        Assert.Equal(owner.Owner.Kind == TokenOwnerKind.Application ? CurrentSeeds.FleetMonitor : null, token.ApplicationId);
        Assert.Equal(owner.Owner.Kind == TokenOwnerKind.Instance ? CurrentSeeds.AcmeInstance : null, token.InstanceId);
    }

    [Theory]
    [MemberData(nameof(EachOwner))]
    public async Task Post_with_only_a_name_sends_only_the_name_and_gets_the_owners_default_scope(string ownerName)
    {
        var owner = CurrentSeeds.Owner(ownerName);

        var token = await CurrentClient().CreateAsync(owner.Owner, new AccessTokenPost("Plain"), QueryFlags.Default, CancellationToken.None);

        Assert.Equal("{\"name\":\"Plain\"}", await SingleBodyAsync());
        Assert.Equal("all." + (ownerName == "caller" ? "User" : ownerName == "application" ? "Application" : "Instance"), token.Scope.ToString());
        Assert.NotNull(token.Token);
    }

    [Theory]
    [MemberData(nameof(EachOwner))]
    public async Task Patch_with_a_description_and_a_default_role_sends_exactly_those_and_returns_the_changed_token(string ownerName)
    {
        var owner = CurrentSeeds.Owner(ownerName);

        var token = await CurrentClient().UpdateAsync(owner.Owner, owner.TokenId, new AccessTokenPatch { Description = "Now documented", DefaultRole = "edit" },
            QueryFlags.Default, CancellationToken.None);

        Assert.Equal("{\"description\":\"Now documented\",\"defaultRole\":\"edit\"}", await SingleBodyAsync());
        Assert.Equal(owner.TokenId, token.Id);
        Assert.Equal("Now documented", token.Description);
        Assert.Equal("edit", token.DefaultRole);
        var stored = Assert.Single(await StoredAsync(owner), t => t.GetProperty("id").GetString() == owner.TokenId);
        Assert.Equal("edit", stored.GetProperty("defaultRole").GetString());
    }

    [Fact]
    public async Task Patch_with_every_field_sends_them_in_the_contract_order()
    {
        await CurrentClient().UpdateAsync(TokenOwner.Caller, Operations.SeedId,
            new AccessTokenPatch { Name = "All", Description = "d", DefaultRole = "none", Status = AccessTokenStatus.Active }, QueryFlags.Default, CancellationToken.None);

        Assert.Equal("{\"name\":\"All\",\"description\":\"d\",\"defaultRole\":\"none\",\"status\":\"active\"}", await SingleBodyAsync());
    }

    [Theory]
    [MemberData(nameof(EachOwner))]
    public async Task Delete_reads_success_true_and_the_token_is_gone(string ownerName)
    {
        var owner = CurrentSeeds.Owner(ownerName);

        await CurrentClient().DeleteAsync(owner.Owner, owner.TokenId, QueryFlags.Default, CancellationToken.None);

        Assert.DoesNotContain(await StoredAsync(owner), t => t.GetProperty("id").GetString() == owner.TokenId);
        var failure = await Assert.ThrowsAsync<ApiException>(() => CurrentClient().GetAsync(owner.Owner, owner.TokenId, QueryFlags.Default, CancellationToken.None));
        Assert.Equal(ApiFailureReason.NotFound, failure.Reason);
    }

    [Fact]
    public async Task Delete_fails_as_an_invalid_response_when_the_answer_is_not_success_true()
    {
        await Emulator.SetFaultsAsync(new { kind = "wrongShape", body = "{\"success\":false}" });

        var failure = await Assert.ThrowsAsync<ApiException>(() =>
            CurrentClient().DeleteAsync(CurrentSeeds.Application.Owner, CurrentSeeds.Application.TokenId, QueryFlags.Default, CancellationToken.None));

        Assert.Equal(ApiFailureKind.InvalidResponse, failure.Kind);
    }

    [Fact]
    public async Task An_application_owner_refused_by_the_server_maps_to_NotFound()
    {
        var failure = await Assert.ThrowsAsync<ApiException>(() =>
            CurrentClient().GetAsync(TokenOwner.Application("5b00000000000000000000ee"), "5c0000000001000000000001", QueryFlags.Default, CancellationToken.None));

        Assert.Equal(ApiFailureReason.NotFound, failure.Reason);
        Assert.Equal("Application was not found", failure.ApiMessage);
    }

    [Theory]
    [MemberData(nameof(EachOwner))]
    public async Task A_token_id_with_reserved_characters_stays_inside_one_path_segment(string ownerName)
    {
        var owner = CurrentSeeds.Owner(ownerName);

        var failure = await Assert.ThrowsAsync<ApiException>(() => CurrentClient().GetAsync(owner.Owner, "a/b?c", QueryFlags.Default, CancellationToken.None));

        Assert.Equal(owner.Collection + "/a%2Fb%3Fc", Assert.Single(await Emulator.RequestsAsync()).GetProperty("path").GetString());
        Assert.Equal(400, failure.StatusCode);
    }

    private async Task<List<AccessToken>> ListAsync(OwnerCase owner, ListQuery query)
    {
        using var listing = await CurrentClient().ListAsync(owner.Owner, query, QueryFlags.Default, CancellationToken.None);
        return await Operations.ReadAllAsync(listing);
    }

    private async Task<string?> SingleQueryAsync() =>
        Assert.Single(await Emulator.RequestsAsync()).GetProperty("query").GetString();

    private async Task<string?> SingleBodyAsync() =>
        Assert.Single(await Emulator.RequestsAsync()).GetProperty("body").GetString();

    private async Task<JsonElement[]> StoredAsync(OwnerCase owner) =>
        (await Emulator.ControlGetAsync("tokens?collection=" + Uri.EscapeDataString(owner.Collection))).GetProperty("items").EnumerateArray().ToArray();
}
