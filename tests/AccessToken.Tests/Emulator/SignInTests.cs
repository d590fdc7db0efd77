using System.Security;
using System.Text.Json;

namespace Losant.AccessTokens.Tests;

/// <summary>
/// Password sign-in (<c>POST /auth/user</c>): the exact request, the user token it returns, and
/// a refusal that names neither the password nor any token.
/// </summary>
public sealed class SignInTests(EmulatorFixture emulator) : EmulatorTests(emulator)
{
    private const string Email = "user@example.com";
    private const string Password = "emulator-password";

    [Fact]
    public async Task Sign_in_posts_exactly_the_email_and_password_to_auth_user_without_authorization()
    {
        await SignInAsync(Email, Password);

        var request = Assert.Single(await Emulator.RequestsAsync());
        Assert.Equal("POST", request.GetProperty("method").GetString());
        Assert.Equal("/auth/user", request.GetProperty("path").GetString());
        Assert.Equal(CurrentSeeds.DefaultFlags, request.GetProperty("query").GetString());
        Assert.Equal("{\"email\":\"user@example.com\",\"password\":\"emulator-password\"}", request.GetProperty("body").GetString());
        Assert.Null(EmulatorFixture.Header(request, "Authorization"));
        Assert.Equal("application/json", EmulatorFixture.Header(request, "Accept"));
        Assert.Equal("^1.30.0", EmulatorFixture.Header(request, "Accept-Version"));
        Assert.Equal("application/json", EmulatorFixture.Header(request, "Content-Type"));
    }

    [Fact]
    public async Task A_client_that_has_an_api_token_still_signs_in_without_authorization()
    {
        await new AccessTokenClient(Emulator.CurrentSettings()).SignInAsync(Email, EmulatorFixture.Secure(Password), null, CancellationToken.None);

        Assert.Null(EmulatorFixture.Header(Assert.Single(await Emulator.RequestsAsync()), "Authorization"));
    }

    [Fact]
    public async Task A_two_factor_code_is_sent_after_the_password_when_given()
    {
        await Emulator.ControlAsync("user", new { twoFactorCode = "424242" });

        await SignInAsync(Email, Password, "424242");

        Assert.Equal("{\"email\":\"user@example.com\",\"password\":\"emulator-password\",\"twoFactorCode\":\"424242\"}",
            Assert.Single(await Emulator.RequestsAsync()).GetProperty("body").GetString());
    }

    [Fact]
    public async Task The_token_returned_is_the_user_token_the_server_issued_and_it_authorizes_later_calls()
    {
        var token = await SignInAsync(Email, Password);

        Assert.True(token.IsReadOnly());
        Assert.Matches("^user-[A-Za-z0-9_-]{48}$", Secrets.Reveal(token));
        Assert.Equal(1, (await Emulator.ControlGetAsync("user")).GetProperty("issuedTokens").GetInt32());
        var signedIn = new AccessTokenClient(new ConnectionSettings(Emulator.BaseUri, token) { MaxRetries = 0 });
        var got = await signedIn.GetAsync(TokenOwner.Caller, Operations.SeedId, QueryFlags.Default, CancellationToken.None);
        Assert.Equal(Operations.SeedId, got.Id);
        Assert.Equal("Bearer " + Secrets.Reveal(token), EmulatorFixture.Header((await Emulator.RequestsAsync())[^1], "Authorization"));
    }

    [Fact]
    public async Task A_password_with_quotes_escapes_and_non_ascii_characters_arrives_as_typed()
    {
        const string password = "pä\"ss\\wörd 🔑\t<&>";
        await Emulator.ControlAsync("user", new { password });

        var token = await SignInAsync("USER@example.com", password);

        Assert.StartsWith("user-", Secrets.Reveal(token));
        using var body = JsonDocument.Parse(Assert.Single(await Emulator.RequestsAsync()).GetProperty("body").GetString()!);
        Assert.Equal(["email", "password"], body.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal(password, body.RootElement.GetProperty("password").GetString());
    }

    // The cases are named, not given as values, so no password appears among the test names.
    public static TheoryData<string> Refusals => new() { "wrong password", "missing code", "wrong code" };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task A_refused_sign_in_is_AuthenticationFailed_and_names_neither_the_password_nor_a_token(string refusal)
    {
        var (password, code, apiMessage) = refusal switch
        {
            "wrong password" => ("wrong-password-7Qz", (string?)null, "Invalid email or password"),
            "missing code" => (Password, null, "A two factor authentication code is required"),
            _ => (Password, "000000", "Invalid two factor authentication code"),
        };
        if (password == Password) await Emulator.ControlAsync("user", new { twoFactorCode = "424242" });
        var client = new AccessTokenClient(Emulator.CurrentSettings());

        var failure = await Assert.ThrowsAsync<ApiException>(() => client.SignInAsync(Email, EmulatorFixture.Secure(password), code, CancellationToken.None));

        Assert.Equal(ApiFailureKind.HttpStatus, failure.Kind);
        Assert.Equal(401, failure.StatusCode);
        Assert.Equal(ApiFailureReason.AuthenticationFailed, failure.Reason);
        Assert.Equal(apiMessage, failure.ApiMessage);
        Assert.Equal(0, failure.RetryCount);
        Assert.Single(await Emulator.RequestsAsync());
        foreach (var secret in new[] { password, EmulatorFixture.ApiToken, "user-", code ?? password, "424242" })
        {
            AssertNowhere(failure, secret);
        }
    }

    [Fact]
    public async Task A_sign_in_answer_without_a_token_is_an_invalid_response_not_a_null()
    {
        await Emulator.SetFaultsAsync(new { path = "^/auth/user$", kind = "wrongShape", body = "{\"userId\":\"59f0000000000000000000aa\"}" });

        var failure = await Assert.ThrowsAsync<ApiException>(() => SignInAsync(Email, Password));

        Assert.Equal(ApiFailureKind.InvalidResponse, failure.Kind);
        AssertNowhere(failure, Password);
    }

    [Fact]
    public async Task A_client_without_an_api_token_refuses_every_other_call_before_sending_it()
    {
        var client = new AccessTokenClient(new ConnectionSettings(Emulator.BaseUri));

        await Assert.ThrowsAsync<InvalidOperationException>(() => client.GetAsync(TokenOwner.Caller, Operations.SeedId, QueryFlags.Default, CancellationToken.None));
        await Assert.ThrowsAsync<InvalidOperationException>(() => client.ListAsync(TokenOwner.Caller, ListQuery.All, QueryFlags.Default, CancellationToken.None));

        Assert.Empty(await Emulator.RequestsAsync());
    }

    private Task<SecureString> SignInAsync(string email, string password, string? code = null) =>
        new AccessTokenClient(new ConnectionSettings(Emulator.BaseUri) { MaxRetries = 0 })
            .SignInAsync(email, EmulatorFixture.Secure(password), code, CancellationToken.None);

    private static void AssertNowhere(ApiException failure, string secret)
    {
        ErrorMappingTests.AssertNoApiToken(failure, secret);
        Assert.DoesNotContain(secret, failure.ApiMessage ?? string.Empty);
        Assert.DoesNotContain(secret, failure.ErrorType ?? string.Empty);
        Assert.DoesNotContain(secret, failure.InnerException?.ToString() ?? string.Empty);
    }
}
