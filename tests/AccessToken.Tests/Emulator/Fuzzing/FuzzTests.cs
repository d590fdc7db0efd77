using System.IO.Compression;
using System.Runtime.CompilerServices;
using System.Text;
using Losant.AccessTokens.Json;
using Losant.AccessTokens.Tests.Json;

namespace Losant.AccessTokens.Tests.Fuzzing;

/// <summary>
/// Seeded generated answers: every one must end as a typed result or the one documented failure
/// type, never as another exception or a null. A failure names the seed and case to replay.
/// </summary>
public sealed class FuzzTests
{
    private static readonly int Seed = Fuzz.Seed;

    [Fact]
    public async Task Generated_bodies_parse_to_tokens_or_fail_as_invalid_responses_and_wrong_field_types_always_fail()
    {
        const int cases = 2500;
        var generator = new AnswerGenerator(new Random(Seed));
        var validSeen = 0;
        var wrongTypesRefused = 0;
        for (var i = 0; i < cases; i++)
        {
            var body = generator.Next();
            var where = $"seed {Seed}, case {i}, {body.Describe()}";

            var single = Outcome(() => AccessTokenJson.ParseToken(body.Bytes));
            AssertParsedOrInvalid(single, where + " [ParseToken]");
            if (body.Kind is BodyKind.ValidToken || (body.Kind is BodyKind.HugeNumbers or BodyKind.DeepNesting && body.Ids.Length == 1))
            {
                Assert.True(single is AccessToken token && token.Id == body.Ids[0], $"a valid token was not read: {single} ({where})");
                validSeen++;
            }

            if (body.Kind is BodyKind.WrongFieldType || (body.Kind is BodyKind.HugeNumbers && body.Ids.Length == 0))
            {
                Assert.True(single is InvalidResponseException, $"a known field of the wrong type was accepted: {single} ({where})");
                wrongTypesRefused++;
            }

            var whole = await ListOutcomeAsync(new MemoryStream(body.Bytes));
            var chunkSizes = new Random(Seed + i);
            var chunked = await ListOutcomeAsync(ScriptedStream.Chunked(body.Bytes, () => chunkSizes.Next(1, 200)));
            AssertParsedOrInvalid(whole, where + " [list]");
            AssertParsedOrInvalid(chunked, where + " [list, chunked]");
            Assert.True(Summary(whole) == Summary(chunked), $"chunking changed the outcome: {Summary(whole)} vs {Summary(chunked)} ({where})");
            if (body.Kind == BodyKind.ValidList)
            {
                Assert.True(whole is List<AccessToken> tokens && tokens.Select(t => t.Id).SequenceEqual(body.Ids), $"a valid list was not read: {Summary(whole)} ({where})");
                validSeen++;
            }

            AssertSuccessOutcome(body, where);
            _ = AccessTokenJson.TryParseError(body.Bytes);
        }

        Assert.True(validSeen > cases / 10, $"only {validSeen} valid bodies were generated (seed {Seed})");
        Assert.True(wrongTypesRefused > cases / 20, $"only {wrongTypesRefused} bodies with a wrong field type were generated (seed {Seed})");
    }

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
            var generated = GenerateAnswer(generator, operation);
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

    private static readonly int[] Statuses =
        [200, 200, 200, 200, 200, 201, 202, 203, 204, 206, 301, 302, 304, 307, 400, 401, 403, 404, 405, 408, 409, 410, 418, 422, 429, 500, 501, 502, 503, 504, 599];

    private static readonly string?[] ContentTypes =
        ["application/json", "application/json", "application/json; charset=utf-8", "application/vnd.losant+json", null, "text/html", "text/plain", "application/xml", "application/json-seq"];

    /// <summary>A generated HTTP answer and what a correct client must make of it.</summary>
    private sealed record GeneratedAnswer(byte[] Bytes, int Status, bool CleanFraming, bool MustSucceed, GeneratedBody Body, string Framing)
    {
        public bool IsSuccess => Status is >= 200 and <= 299;

        public string Describe() => $"HTTP {Status}, {Framing}, {Body.Describe()}";
    }

    private static GeneratedAnswer GenerateAnswer(AnswerGenerator generator, Operation operation)
    {
        // Four in ten bodies are right for the operation, so the path to a result is fuzzed as well.
        var body = !generator.Chance(0.4) ? generator.Next() : operation switch
        {
            Operation.List => generator.ValidList(),
            Operation.Delete => generator.ValidSuccess(),
            _ => generator.ValidToken(),
        };
        var status = generator.Chance(0.1) ? generator.Next(200, 600) : generator.Pick(Statuses);
        var contentType = generator.Pick(ContentTypes);
        var headers = new List<string> { "Connection: close" };
        if (contentType != null) headers.Add("Content-Type: " + contentType);
        if (generator.Chance(0.3)) headers.Add("Retry-After: " + generator.Pick(["0", "1", "-3", "soon", "Wed, 21 Oct 2015 07:28:00 GMT", "86400", "0.001"]));
        if (generator.Chance(0.2)) headers.Add("X-" + generator.Next(0, 1000) + ": " + generator.Pick(["value", "", "a, b", "ü"]));

        var framing = generator.Pick(["length", "length", "length", "close", "chunked", "gzip", "longer", "badgzip", "badheader", "badstatus"]);
        var payload = body.Bytes;
        switch (framing)
        {
            case "length":
                headers.Add("Content-Length: " + payload.Length);
                break;
            case "chunked":
                headers.Add("Transfer-Encoding: chunked");
                payload = Chunk(payload, generator);
                break;
            case "gzip":
                headers.Add("Content-Encoding: gzip");
                payload = Gzip(payload);
                headers.Add("Content-Length: " + payload.Length);
                break;
            case "longer":
                headers.Add("Content-Length: " + (payload.Length + generator.Next(1, 100)));
                break;
            case "badgzip":
                headers.Add("Content-Encoding: gzip");
                payload = [0x1f, 0x8b, .. payload];
                break;
            case "badheader":
                headers.Add(generator.Pick(["No colon here", "Bad Name: x", ": empty name", "Content-Length: -5", "Content-Length: abc"]));
                break;
        }

        var statusLine = framing == "badstatus"
            ? generator.Pick(["HTTP/1.1 2000 OK", "HTTX/1.1 200 OK", "HTTP/1.1 OK", "garbage", "HTTP/1.1 -1 Minus"])
            : $"HTTP/1.1 {status} {generator.Pick(["OK", "", "Whatever Reason", "Ünïcode"])}";
        var head = statusLine + "\r\n" + string.Join("", headers.Select(h => h + "\r\n")) + "\r\n";
        byte[] bytes = [.. Encoding.Latin1.GetBytes(head), .. payload];

        // Statuses without a body (204, 304 and 205) never carry the JSON, whatever was sent.
        var clean = framing is "length" or "close" or "chunked" or "gzip";
        var json = contentType is null or "application/json" or "application/json; charset=utf-8" or "application/vnd.losant+json";
        var bodyAllowed = status is not (204 or 205 or 304);
        var valid = operation switch
        {
            Operation.List => body.Kind == BodyKind.ValidList,
            Operation.Delete => body.Kind == BodyKind.ValidSuccess,
            _ => body.Kind == BodyKind.ValidToken || (body.Kind is BodyKind.HugeNumbers or BodyKind.DeepNesting && body.Ids.Length == 1),
        };
        var mustSucceed = clean && json && bodyAllowed && status is >= 200 and <= 299 && valid;
        return new GeneratedAnswer(bytes, status, clean, mustSucceed, body, framing);
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

    private static byte[] Chunk(byte[] payload, AnswerGenerator generator)
    {
        var output = new MemoryStream();
        for (var offset = 0; offset < payload.Length;)
        {
            var size = Math.Min(generator.Next(1, 50), payload.Length - offset);
            output.Write(Encoding.ASCII.GetBytes(size.ToString("x") + "\r\n"));
            output.Write(payload, offset, size);
            output.Write("\r\n"u8);
            offset += size;
        }

        output.Write("0\r\n\r\n"u8);
        return output.ToArray();
    }

    private static byte[] Gzip(byte[] payload)
    {
        var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true)) gzip.Write(payload);
        return output.ToArray();
    }

    private static object Outcome(Func<object> parse)
    {
        try
        {
            return parse();
        }
        catch (Exception e)
        {
            return e;
        }
    }

    private static async Task<object> ListOutcomeAsync(Stream stream)
    {
        try
        {
            return await TokenListReadingTests.ReadAllAsync(stream);
        }
        catch (Exception e)
        {
            return e;
        }
    }

    private static void AssertSuccessOutcome(GeneratedBody body, string where)
    {
        var outcome = Outcome(() =>
        {
            AccessTokenJson.ParseSuccess(body.Bytes);
            return true;
        });
        AssertParsedOrInvalid(outcome, where + " [ParseSuccess]");
        if (body.Kind == BodyKind.ValidSuccess) Assert.True(outcome is true, $"a success body was refused: {outcome} ({where})");
    }

    private static void AssertParsedOrInvalid(object? outcome, string where)
    {
        Assert.True(outcome != null, $"null outcome ({where})");
        if (outcome is Exception e && e is not InvalidResponseException)
        {
            Assert.Fail($"{e.GetType()} escaped: {e.Message} ({where})");
        }

        if (outcome is AccessToken token) Assert.False(string.IsNullOrEmpty(token.Id), $"a token without an id ({where})");
        if (outcome is List<AccessToken> tokens) Assert.All(tokens, t => Assert.False(string.IsNullOrEmpty(t.Id), $"a token without an id ({where})"));
    }

    private static string Summary(object outcome) => outcome switch
    {
        List<AccessToken> tokens => "tokens " + string.Join(",", tokens.Select(t => t.Id)),
        Exception e => e.GetType().Name,
        _ => outcome.ToString() ?? "null",
    };
}
