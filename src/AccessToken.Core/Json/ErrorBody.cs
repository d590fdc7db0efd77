using System.Text.Json.Serialization;

namespace Losant.AccessTokens.Json
{
    /// <summary>The API's error body, <c>{"type": ..., "message": ...}</c>.</summary>
    internal sealed class ErrorBody
    {
        /// <summary>The kind of error, e.g. <c>NotFound</c>; null when absent or not a string.</summary>
        [JsonConverter(typeof(StringOrNothingConverter))]
        public string? Type { get; set; }

        /// <summary>What went wrong, in the API's words; null when absent or not a string.</summary>
        [JsonConverter(typeof(StringOrNothingConverter))]
        public string? Message { get; set; }
    }
}
