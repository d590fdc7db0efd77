# -ApiVersion, LOSANT_API_VERSION and Connect-Losant -ApiVersion: which API is spoken on the wire
# (today's 1.30 by default, the /access-tokens of 1.3.7 below 1.5), in which order the sources
# count, and a value that is not a version refused before anything is sent.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSuite.psm1') -Force
    $script:State = Enter-TestSuite

    # The one request a command sent, as 'METHOD path?query Accept-Version'.
    function Get-WireLine {
        @(Get-EmulatorRequest $script:Emulator | ForEach-Object { "$($_.method) $($_.path)$($_.query) $($_.headers.'Accept-Version')" })
    }

    # Runs without a session: the token and base URI come from the environment.
    function Use-Environment {
        Disconnect-Losant
        $env:LOSANT_API_TOKEN = $script:Emulator.ApiToken
        $env:LOSANT_API_URL = $script:Emulator.Url
    }
}

AfterAll {
    Exit-TestSuite $script:State
}

Describe 'API version on the wire' {
    BeforeEach {
        Reset-Emulator $script:Emulator
        Connect-CurrentApi $script:Emulator
        $env:LOSANT_API_TOKEN = $null
        $env:LOSANT_API_URL = $null
    }

    It 'By_default_lists_the_first_page_of_100_of_me_tokens_with_Accept_Version_1_30_0' {
        $tokens = @(Get-AccessToken)

        $tokens.Count | Should -Be 5
        Get-WireLine | Should -BeExactly @("GET /me/tokens$FirstPageQuery ^1.30.0")
        $request = Get-EmulatorRequest $script:Emulator
        $request.headers.Accept | Should -BeExactly 'application/json'
        $request.headers.Authorization | Should -BeExactly "Bearer $($script:Emulator.ApiToken)"
        $request.headers.PSObject.Properties.Name | Should -Not -Contain 'Content-Type'
    }

    It 'By_default_gets_one_token_from_me_tokens_with_the_flags_only' {
        (Get-AccessToken -Id $SecondId).Name | Should -Be 'Deploy pipeline'

        Get-WireLine | Should -BeExactly @("GET /me/tokens/$SecondId$DefaultFlags ^1.30.0")
    }

    It 'ApiVersion_1_3_7_sends_exactly_the_old_requests' {
        $tokens = @(Get-AccessToken -ApiVersion 1.3.7)
        $null = Get-AccessToken -ApiVersion 1.3.7 -Id $SecondId

        $tokens.Count | Should -Be 5
        Get-WireLine | Should -BeExactly @(
            "GET /access-tokens$DefaultFlags ^1.3.7"
            "GET /access-tokens/$SecondId$DefaultFlags ^1.3.7")
    }

    It 'Version_<Version>_speaks_<Path>_with_Accept_Version_<Sent>' -ForEach @(
        @{ Version = '1.4.9'; Path = '/access-tokens'; Query = '?_actions=false&_links=true&_embedded=true'; Sent = '^1.4.9' }
        @{ Version = '1.5'; Path = '/me/tokens'; Query = '?_actions=false&_links=true&_embedded=true&page=0&perPage=100'; Sent = '^1.5.0' }
        @{ Version = '1.30'; Path = '/me/tokens'; Query = '?_actions=false&_links=true&_embedded=true&page=0&perPage=100'; Sent = '^1.30.0' }
        @{ Version = ' 1.30.0 '; Path = '/me/tokens'; Query = '?_actions=false&_links=true&_embedded=true&page=0&perPage=100'; Sent = '^1.30.0' }
    ) {
        $null = Get-AccessToken -ApiVersion $Version

        Get-WireLine | Should -BeExactly @("GET $Path$Query $Sent")
    }
}

Describe 'Where the API version comes from' {
    BeforeEach {
        Reset-Emulator $script:Emulator
        $env:LOSANT_API_VERSION = $null
        $env:LOSANT_API_TOKEN = $null
        $env:LOSANT_API_URL = $null
    }

    AfterEach {
        $env:LOSANT_API_VERSION = $null
        $env:LOSANT_API_TOKEN = $null
        $env:LOSANT_API_URL = $null
        Connect-CurrentApi $script:Emulator
    }

    It 'The_parameter_wins_over_the_session' {
        Connect-Losant -ApiToken $script:Emulator.SecureApiToken -BaseUri $script:Emulator.Url -ApiVersion 1.3.7
        $null = Get-AccessToken -ApiVersion 1.30.0

        Get-WireLine | Should -BeExactly @("GET /me/tokens$FirstPageQuery ^1.30.0")
    }

    It 'The_session_wins_over_the_environment <Session>' -ForEach @(
        @{ Session = '1.3.7'; Environment = '1.30.0'; Expected = 'GET /access-tokens?_actions=false&_links=true&_embedded=true ^1.3.7' }
        @{ Session = '1.30.0'; Environment = '1.3.7'; Expected = 'GET /me/tokens?_actions=false&_links=true&_embedded=true&page=0&perPage=100 ^1.30.0' }
    ) {
        Connect-Losant -ApiToken $script:Emulator.SecureApiToken -BaseUri $script:Emulator.Url -ApiVersion $Session
        $env:LOSANT_API_VERSION = $Environment
        $null = Get-AccessToken

        Get-WireLine | Should -BeExactly @($Expected)
    }

    It 'A_session_keeps_the_version_the_environment_gave_when_it_was_made' {
        $env:LOSANT_API_VERSION = '1.3.7'
        Connect-Losant -ApiToken $script:Emulator.SecureApiToken -BaseUri $script:Emulator.Url
        $env:LOSANT_API_VERSION = $null
        $null = Get-AccessToken

        Get-WireLine | Should -BeExactly @("GET /access-tokens$DefaultFlags ^1.3.7")
    }

    It 'Without_a_session_the_environment_wins_over_the_default' {
        Use-Environment
        $env:LOSANT_API_VERSION = '1.3.7'
        $null = Get-AccessToken

        Get-WireLine | Should -BeExactly @("GET /access-tokens$DefaultFlags ^1.3.7")
    }

    It 'Without_a_session_the_parameter_wins_over_the_environment' {
        Use-Environment
        $env:LOSANT_API_VERSION = '1.3.7'
        $null = Get-AccessToken -ApiVersion 1.30.0

        Get-WireLine | Should -BeExactly @("GET /me/tokens$FirstPageQuery ^1.30.0")
    }

    It 'With_nothing_given_the_default_is_1_30_0' {
        Use-Environment
        $null = Get-AccessToken

        Get-WireLine | Should -BeExactly @("GET /me/tokens$FirstPageQuery ^1.30.0")
    }

    It 'Connect_Losant_PassThru_shows_the_version_<Shown>' -ForEach @(
        @{ Given = @{}; Environment = $null; Shown = '1.30.0' }
        @{ Given = @{ ApiVersion = '1.3.7' }; Environment = $null; Shown = '1.3.7' }
        @{ Given = @{ ApiVersion = '1.30' }; Environment = '1.3.7'; Shown = '1.30.0' }
        @{ Given = @{}; Environment = '1.5'; Shown = '1.5.0' }
    ) {
        $env:LOSANT_API_VERSION = $Environment
        $info = Connect-Losant -ApiToken $script:Emulator.SecureApiToken -BaseUri $script:Emulator.Url @Given -PassThru

        $info.ApiVersion | Should -BeExactly $Shown
        @(Get-EmulatorRequest $script:Emulator).Count | Should -Be 0
    }
}

Describe 'A value that is not an API version' {
    BeforeEach {
        Reset-Emulator $script:Emulator
        Connect-CurrentApi $script:Emulator
    }

    AfterEach {
        $env:LOSANT_API_VERSION = $null
        Connect-CurrentApi $script:Emulator
    }

    It 'ApiVersion_<Text>_is_refused_with_InvalidApiVersion_and_nothing_is_sent' -ForEach @(
        @{ Text = 'abc' }, @{ Text = '1' }, @{ Text = '1.2.3.4' }, @{ Text = 'v1.30.0' }
    ) {
        $failures = @(Get-ErrorRecord { Get-AccessToken -ApiVersion $Text })

        Assert-Refused $failures -ErrorId InvalidApiVersion -Cmdlet Get-AccessToken -Target $Text
        @(Get-EmulatorRequest $script:Emulator).Count | Should -Be 0
    }

    It 'LOSANT_API_VERSION_<Text>_is_refused_with_InvalidApiVersion_and_nothing_is_sent' -ForEach @(
        @{ Text = 'abc' }, @{ Text = '1' }, @{ Text = '1.2.3.4' }
    ) {
        Disconnect-Losant
        $env:LOSANT_API_TOKEN = $script:Emulator.ApiToken
        $env:LOSANT_API_URL = $script:Emulator.Url
        $env:LOSANT_API_VERSION = $Text
        try {
            $failures = @(Get-ErrorRecord { Get-AccessToken -Id $SecondId })
        }
        finally {
            $env:LOSANT_API_TOKEN = $null
            $env:LOSANT_API_URL = $null
        }

        Assert-Refused $failures -ErrorId InvalidApiVersion -Target $Text
        $failures[0].Exception.Message | Should -Match 'LOSANT_API_VERSION'
        @(Get-EmulatorRequest $script:Emulator).Count | Should -Be 0
    }

    It 'Connect_Losant_refuses_it_and_keeps_the_session_it_had' {
        $failures = @(Get-ErrorRecord { Connect-Losant -ApiToken $script:Emulator.SecureApiToken -BaseUri $script:Emulator.Url -ApiVersion '1.2.3.4' -PassThru })

        $failures.Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'InvalidApiVersion,*'
        $failures[0].TargetObject | Should -BeExactly '1.2.3.4'
        $null = Get-AccessToken
        Get-WireLine | Should -BeExactly @("GET /me/tokens$FirstPageQuery ^1.30.0")
    }
}
