using System.Runtime.CompilerServices;
using System.Security;
using System.Text;
using System.Text.Json;

namespace Losant.AccessTokens.Tests.Fuzzing;

/// <summary>
/// Seeded generated answers to a password sign-in (<c>POST /auth/user</c>): each ends in the user
/// token the answer carries or in one <see cref="ApiException"/> that names neither the password
/// nor the token, never in another exception.
/// </summary>
public sealed class SignInFuzzTests
{
    private const string Password = "fuzz-password-Qw7!";

    private static readonly int Seed = Fuzz.Seed;

    private static readonly int[] Statuses = [200, 200, 200, 200, 201, 204, 400, 401, 401, 403, 404, 429, 500, 502, 503];

    [Fact]
    public async Task Generated_sign_in_answers_end_in_the_token_they_carry_or_one_ApiException_without_secrets()
    {
        const int cases = 800;
        var generator = new AnswerGenerator(new Random(Seed));
        var answer = new StrongBox<byte[]>([]);
        await using var server = RawHttpServer.Answering(() => Volatile.Read(ref answer.Value!));
        var client = new AccessTokenClient(Fuzz.Settings(server.BaseUri, withApiToken: false));
        var signedIn = 0;
        var refused = 0;
        for (var i = 0; i < cases; i++)
        {
            var (body, token, known) = Body(generator);
            var status = generator.Pick(Statuses);
            var contentType = generator.Pick(["application/json", "application/json; charset=utf-8", "text/html", null]);
            Volatile.Write(ref answer.Value, RawHttpServer.Response(status, contentType, body));
            var where = $"seed {Seed}, case {i}, HTTP {status} {contentType}: {Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, 300))}";

            object? result;
            try
            {
                result = await client.SignInAsync("user@example.com", EmulatorFixture.Secure(Password), generator.Chance(0.3) ? "123456" : null, CancellationToken.None);
            }
            catch (Exception e)
            {
                result = e;
            }

            var mustSucceed = token != null && status is 200 or 201 && contentType != "text/html";
            switch (result)
            {
                case SecureString secret:
                    Assert.True(status is >= 200 and < 300 && (token != null || !known), $"a sign-in succeeded without a token to give ({where})");
                    Assert.True(!known || Secrets.Reveal(secret) == token, $"the token returned is not the one answered ({where})");
                    signedIn++;
                    break;
                case ApiException failure:
                    Assert.False(mustSucceed, $"a valid sign-in answer failed: {failure.Message} ({where})");
                    Assert.DoesNotContain(Password, failure.ToString());
                    Assert.DoesNotContain(Password, failure.ResponseBody ?? string.Empty);
                    if (token is { Length: > 8 }) Assert.DoesNotContain(token, failure.ToString());
                    refused++;
                    break;
                default:
                    Assert.Fail($"{result?.GetType().ToString() ?? "null"} came out: {result} ({where})");
                    break;
            }
        }

        Assert.True(signedIn > cases / 10, $"only {signedIn} sign-ins succeeded (seed {Seed})");
        Assert.True(refused > cases / 10, $"only {refused} sign-ins failed (seed {Seed})");
    }

    /// <summary>
    /// A sign-in answer, the token a correct client reads from it (null when there is none), and
    /// whether that is known: any generated body may happen to be a sign-in answer.
    /// </summary>
    private static (byte[] Body, string? Token, bool Known) Body(AnswerGenerator generator)
    {
        if (generator.Chance(0.25)) return (generator.Next().Bytes, null, false);
        var members = new List<string> { "\"userId\":\"" + generator.Id() + "\"" };
        string? token = null;
        switch (generator.Next(0, 6))
        {
            case 0:
                break;
            case 1:
                members.Add("\"token\":" + generator.Pick(["null", "5", "true", "[]", "{}", "[\"user-x\"]"]));
                break;
            default:
                var literal = generator.JsonText(60);
                token = JsonSerializer.Deserialize<string>(literal);
                members.Add("\"token\":" + literal);
                break;
        }

        if (generator.Chance(0.3)) members.Add("\"needsToVerifyEmail\":" + generator.Pick(["true", "false"]));
        if (generator.Chance(0.3)) members.Add("\"orgId\":\"" + generator.Id() + "\"");
        if (generator.Chance(0.3)) members.Add("\"_" + generator.Next(0, 100) + "\":" + generator.JsonValue(3));
        return (Encoding.UTF8.GetBytes("{" + string.Join(",", members) + "}"), token, true);
    }
}
