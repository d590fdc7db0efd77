using Losant.AccessTokens.Json;
using Losant.AccessTokens.Tests.Json;

namespace Losant.AccessTokens.Tests.Fuzzing;

/// <summary>
/// Seeded generated bodies read by the JSON readers alone: every one must end as a typed result or
/// the one documented failure type, never as another exception or a null. A failure names the seed
/// and case to replay.
/// </summary>
public sealed class BodyFuzzTests
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
