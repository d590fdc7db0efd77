using System.Text.Json.Serialization;
using Losant.AccessTokens.Json;

namespace Losant.AccessTokens.Models
{
    /// <summary>A Losant application, as far as the module needs it: whose tokens to list, and its name.</summary>
    public sealed class Application : IJsonOnDeserialized
    {
        /// <summary>The application's id: 24 hexadecimal characters.</summary>
        [JsonIgnore]
        public string Id { get; private set; } = string.Empty;

        /// <summary>The application's name.</summary>
        [JsonInclude]
        public string? Name { get; internal set; }

        // The API names the id twice; either will do.
        [JsonInclude]
        [JsonPropertyName("id")]
        internal string? IdField { get; set; }

        [JsonInclude]
        internal string? ApplicationId { get; set; }

        /// <inheritdoc />
        public override string ToString() => Name ?? Id;

        void IJsonOnDeserialized.OnDeserialized()
        {
            Id = IdField ?? ApplicationId ?? throw new ShapeException("the application has no id");
        }
    }
}
