namespace Losant.AccessTokens.Tests;

/// <summary>
/// Listing under today's API by owner: applications, the tokens of an application or an
/// Enterprise instance, and what listed tokens carry.
/// </summary>
public sealed class OwnerListingTests(EmulatorFixture emulator) : EmulatorTests(emulator)
{
    [Fact]
    public async Task Applications_are_listed_by_name_with_the_paging_query()
    {
        using var listing = await CurrentClient().ListApplicationsAsync(ListQuery.All, QueryFlags.Default, CancellationToken.None);
        var applications = await Operations.ReadAllAsync(listing);

        Assert.Equal(["Empty Sandbox", "Fleet Monitor", "Greenhouse Sensors"], applications.Select(a => a.Name));
        Assert.Equal([CurrentSeeds.EmptySandbox, CurrentSeeds.FleetMonitor, CurrentSeeds.GreenhouseSensors], applications.Select(a => a.Id));
        Assert.Equal("Fleet Monitor", applications[1].ToString());
        var request = Assert.Single(await Emulator.RequestsAsync());
        Assert.Equal("GET", request.GetProperty("method").GetString());
        Assert.Equal("/applications", request.GetProperty("path").GetString());
        Assert.Equal(CurrentSeeds.FirstPage, request.GetProperty("query").GetString());
        Assert.Equal("^1.30.0", EmulatorFixture.Header(request, "Accept-Version"));
        Assert.Equal(3, listing.TotalCount);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public async Task Many_applications_are_read_across_pages_in_order(int concurrency)
    {
        await Emulator.ControlAsync("applications", new { count = 230 });

        using var listing = await CurrentClient().ListApplicationsAsync(new ListQuery { Concurrency = concurrency }, new QueryFlags(false, false, false), CancellationToken.None);
        var applications = await Operations.ReadAllAsync(listing);

        Assert.Equal(Enumerable.Range(1, 230).Select(i => "5b" + i.ToString("x22")), applications.Select(a => a.Id));
        Assert.Equal([0, 1, 2], (await Emulator.PagesRequestedAsync("/applications")).Order());
        Assert.All(await Emulator.RequestsAsync(), r => Assert.StartsWith("?_actions=false&_links=false&_embedded=false&page=", r.GetProperty("query").GetString()));
        Assert.Equal(3, listing.PagesRead);
    }

    [Fact]
    public async Task The_tokens_of_an_application_carry_its_id_and_name()
    {
        var application = await FirstApplicationAsync("Fleet Monitor");

        var tokens = await CurrentClient().ReadApplicationTokensAsync(application, ListQuery.All, QueryFlags.Default, CancellationToken.None);

        Assert.Equal(["Dashboard kiosk", "Device provisioning", "Legacy webhook"], tokens.Select(t => t.Name));
        Assert.All(tokens, t => Assert.Equal(CurrentSeeds.FleetMonitor, t.ApplicationId));
        Assert.All(tokens, t => Assert.Equal("Fleet Monitor", t.ApplicationName));
        Assert.All(tokens, t => Assert.Null(t.InstanceId));
        Assert.All(tokens, t => Assert.Equal("application", t.OwnerType));
        Assert.Equal(new[] { 0 }, await Emulator.PagesRequestedAsync(CurrentSeeds.Application.Collection));
    }

    [Fact]
    public async Task The_tokens_of_an_application_are_read_across_pages_with_the_query_given()
    {
        await Emulator.ControlAsync("applications", new { count = 2, tokensEach = 260 });
        var application = await FirstApplicationAsync("Application 00002");

        var tokens = await CurrentClient().ReadApplicationTokensAsync(application, new ListQuery { StatusFilter = AccessTokenStatus.Inactive, Concurrency = 2 },
            QueryFlags.Default, CancellationToken.None);

        // Every third token is inactive: 86 of 260, on one page.
        Assert.Equal(Enumerable.Range(1, 86).Select(i => "5c0000000002" + (3 * i).ToString("x12")), tokens.Select(t => t.Id).Order());
        Assert.All(tokens, t => Assert.Equal("Application 00002", t.ApplicationName));
        var request = Assert.Single(await Emulator.RequestsAsync(), r => r.GetProperty("path").GetString()!.EndsWith("/tokens", StringComparison.Ordinal));
        Assert.Equal(CurrentSeeds.FirstPage + "&filterField=status&filter=inactive", request.GetProperty("query").GetString());
    }

    [Fact]
    public async Task The_tokens_of_an_empty_application_are_an_empty_list()
    {
        var tokens = await CurrentClient().ReadApplicationTokensAsync(await FirstApplicationAsync("Empty Sandbox"), ListQuery.All, QueryFlags.Default, CancellationToken.None);

        Assert.Empty(tokens);
    }

    [Fact]
    public async Task Instance_tokens_carry_the_instance_id_and_caller_tokens_carry_no_owner()
    {
        using var instance = await CurrentClient().ListAsync(CurrentSeeds.Instance.Owner, ListQuery.All, QueryFlags.Default, CancellationToken.None);
        var instanceTokens = await Operations.ReadAllAsync(instance);
        using var caller = await CurrentClient().ListAsync(TokenOwner.Caller, ListQuery.All, QueryFlags.Default, CancellationToken.None);
        var callerTokens = await Operations.ReadAllAsync(caller);

        Assert.Equal(["5e0000000001000000000002", "5e0000000001000000000001"], instanceTokens.Select(t => t.Id));
        Assert.All(instanceTokens, t => Assert.Equal(CurrentSeeds.AcmeInstance, t.InstanceId));
        Assert.All(instanceTokens, t => Assert.Null(t.ApplicationId));
        Assert.Equal(5, callerTokens.Count);
        Assert.All(callerTokens, t => Assert.Null(t.InstanceId));
        Assert.All(callerTokens, t => Assert.Null(t.ApplicationId));
    }

    [Fact]
    public async Task Scope_org_roles_and_additional_properties_turn_into_joined_values_and_compact_json()
    {
        await Emulator.ResetAsync(seedCount: 3);
        using var listing = await CurrentClient().ListAsync(TokenOwner.Caller, ListQuery.All, QueryFlags.Default, CancellationToken.None);
        var generated = await Operations.ReadAllAsync(listing);
        await Emulator.ResetAsync();
        var instanceAdmin = await CurrentClient().GetAsync(CurrentSeeds.Instance.Owner, "5e0000000001000000000002", QueryFlags.Default, CancellationToken.None);
        var deploy = await CurrentClient().GetAsync(TokenOwner.Caller, "5a0000000000000000000002", new QueryFlags(true, true, true), CancellationToken.None);

        Assert.Equal("devices.state, devices.get", generated[0].Scope.ToString());
        Assert.Equal("all.Application", generated[1].Scope.ToString());
        Assert.Equal(
            "{\"_links\":{\"self\":{\"href\":\"/me/tokens/" + CurrentSeeds.GeneratedId(1) + "\"}},\"_type\":\"apiToken\"}",
            generated[0].AdditionalProperties.ToString());
        Assert.Equal("5900000000000000000000c1: edit", instanceAdmin.OrgRoles.ToString());
        Assert.Equal("sandbox: edit (application 5b0000000000000000000001: collaborate)", deploy.OrgRoles.ToString());
        Assert.Equal("5b0000000000000000000001: collaborate", Assert.Single(deploy.OrgRoles[0].ApplicationRoles).ToString());
        Assert.Equal(string.Empty, generated[0].OrgRoles.ToString());
        var extras = deploy.AdditionalProperties.ToString();
        Assert.StartsWith("{\"_links\":{\"self\":{\"href\":\"/me/tokens/5a0000000000000000000002\"}}", extras);
        Assert.Contains("\"_actions\":{\"delete\":{", extras);
        Assert.DoesNotContain(" ", extras);
    }

    private async Task<Application> FirstApplicationAsync(string name)
    {
        using var listing = await CurrentClient().ListApplicationsAsync(ListQuery.All, QueryFlags.Default, CancellationToken.None);
        var application = Assert.Single(await Operations.ReadAllAsync(listing), a => a.Name == name);
        await Emulator.ClearRequestsAsync();
        return application;
    }
}
