using System.Text;
using Losant.AccessTokens.Json;

namespace Losant.AccessTokens.Tests.Json;

/// <summary>Dates in the API's own form and in every other accepted form read the same; impossible dates are refused.</summary>
public sealed class DateTests
{
    [Theory]
    [InlineData("2016-06-13T04:00:00.000Z", 2016, 6, 13, 4, 0, 0, 0)]
    [InlineData("2024-02-29T23:59:59.999Z", 2024, 2, 29, 23, 59, 59, 999)]
    [InlineData("2016-06-13T04:00:00Z", 2016, 6, 13, 4, 0, 0, 0)]
    [InlineData("2016-06-13T06:00:00.000+02:00", 2016, 6, 13, 4, 0, 0, 0)]
    [InlineData("2016-06-13T04:00:00.5", 2016, 6, 13, 4, 0, 0, 500)]
    [InlineData("2016-06-13", 2016, 6, 13, 0, 0, 0, 0)]
    public void Each_accepted_form_reads_as_the_same_utc_instant(string text, int year, int month, int day, int hour, int minute, int second, int millisecond)
    {
        var token = AccessTokenJson.ParseToken(Body(text));

        Assert.Equal(new DateTime(year, month, day, hour, minute, second, millisecond, DateTimeKind.Utc), token.CreationDate);
        Assert.Equal(DateTimeKind.Utc, token.CreationDate!.Value.Kind);
    }

    [Theory]
    [InlineData("2023-02-29T00:00:00.000Z")]
    [InlineData("2016-13-01T00:00:00.000Z")]
    [InlineData("2016-06-13T24:00:00.000Z")]
    [InlineData("2016-06-13T04:60:00.000Z")]
    [InlineData("2016-06-13T04:00")]
    [InlineData("2016-06-13T04:00:00.000X")]
    [InlineData("2016-06-1xT04:00:00.000Z")]
    public void An_impossible_or_unaccepted_date_is_an_invalid_answer_naming_the_field(string text)
    {
        var failure = Assert.Throws<InvalidResponseException>(() => AccessTokenJson.ParseToken(Body(text)));

        Assert.Contains("creationDate", failure.Message);
    }

    private static byte[] Body(string creationDate) =>
        Encoding.UTF8.GetBytes("{\"id\":\"5a0000000000000000000001\",\"creationDate\":\"" + creationDate + "\"}");
}
