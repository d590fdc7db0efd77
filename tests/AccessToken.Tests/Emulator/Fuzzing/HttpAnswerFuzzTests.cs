using System.Runtime.CompilerServices;

namespace Losant.AccessTokens.Tests.Fuzzing;

/// <summary>
/// Seeded generated HTTP answers, raw bytes on a socket, sent to the client: every call must end in a
/// result or an <see cref="ApiException"/> of the right kind, never another exception or a null. A
/// failure names the seed and case to replay.
/// </summary>
public sealed class HttpAnswerFuzzTests
{
    private static readonly int Seed = Fuzz.Seed;

    [Theory]
    [InlineData("1.3.7")]
    [InlineData("1.30")]
    public async Task Generated_http_answers_end_in_a_result_or_an_ApiException(string apiVersion)
    {
        const int cases = 2000;
        var generator = new AnswerGenerator(new Random(Seed));
        // Today's API (1.30) picks an owner for each call, and reads a list as pages.
        var today = Version.Parse(apiVersion) >= ConnectionSettings.FirstApiTokensVersion;
        var answer = new StrongBox<byte[]>([]);
        await using var server = RawHttpServer.Answering(() => Volatile.Read(ref answer.Value!));
        var settings = Fuzz.Settings(server.BaseUri);
        settings.ApiVersion = Version.Parse(apiVersion);
        var client = new AccessTokenClient(settings);
        var successes = 0;
        var statusFailures = 0;
        for (var i = 0; i < cases; i++)
        {
            var operation = generator.Pick(Operations.All);
            var owner = today ? generator.Pick(CurrentSeeds.Owners) : null;
            var generated = HttpAnswerGenerator.Generate(generator, operation);
            Volatile.Write(ref answer.Value, generated.Bytes);
            var where = $"seed {Seed}, API {apiVersion}, case {i}, {operation}{(owner == null ? "" : " of the " + owner.Name)}, {generated.Describe()}";

            object? result;
            try
            {
                result = owner == null
                    ? await Operations.RunAsync(client, operation)
                    : await Operations.RunAsync(client, operation, owner.Owner, owner.TokenId);
            }
            catch (ApiException e)
            {
                result = e;
            }
            catch (Exception e)
            {
                Assert.Fail($"{e.GetType()} escaped: {e.Message} ({where})");
                throw;
            }

            Assert.True(result != null, $"null result ({where})");
            if (result is ApiException failure)
            {
                Assert.DoesNotContain(EmulatorFixture.ApiToken, failure.ToString());
                if (generated.CleanFraming && !generated.IsSuccess)
                {
                    Assert.True(failure.Kind == ApiFailureKind.HttpStatus && failure.StatusCode == generated.Status,
                        $"status {generated.Status} became {failure.Kind} {failure.StatusCode}: {failure.Message} ({where})");
                    statusFailures++;
                }
                else if (generated.CleanFraming)
                {
                    Assert.True(failure.Kind == ApiFailureKind.InvalidResponse,
                        $"a success status with a bad body became {failure.Kind}: {failure.Message} ({where})");
                    Assert.False(generated.MustSucceed, $"a valid answer failed: {failure.Message} ({where})");
                }
            }
            else
            {
                successes++;
                Assert.True(generated.IsSuccess, $"status {generated.Status} produced a result ({where})");
                AssertResultMatches(result, generated, where);
            }
        }

        Assert.True(successes > cases / 50, $"only {successes} answers succeeded (seed {Seed})");
        Assert.True(statusFailures > cases / 20, $"only {statusFailures} error statuses were seen (seed {Seed})");
    }

    private static void AssertResultMatches(object result, GeneratedAnswer answer, string where)
    {
        switch (result)
        {
            case AccessToken token:
                Assert.False(string.IsNullOrEmpty(token.Id), $"a token without an id ({where})");
                if (answer.MustSucceed) Assert.Equal(answer.Body.Ids[0], token.Id);
                break;
            case List<AccessToken> tokens:
                Assert.All(tokens, t => Assert.False(string.IsNullOrEmpty(t.Id), $"a listed token without an id ({where})"));
                if (answer.MustSucceed) Assert.Equal(answer.Body.Ids, tokens.Select(t => t.Id));
                break;
            case true:
                break;
            default:
                Assert.Fail($"unexpected result {result} ({where})");
                break;
        }
    }
}
