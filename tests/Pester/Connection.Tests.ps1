# Connect-Losant, Disconnect-Losant and how every API cmdlet finds its connection:
# parameter, then session, then environment variables.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../EmulatorControl.psm1') -Force
    Import-Module $env:ACCESSTOKEN_TEST_MODULE -Force
    $script:Emulator = Start-Emulator
}

AfterAll {
    Disconnect-Losant
    Stop-Emulator $script:Emulator
}

Describe 'Connect-Losant' {
    BeforeEach {
        Reset-Emulator $script:Emulator
        Disconnect-Losant
    }

    It 'Connect_sets_the_session_used_by_later_calls' {
        Connect-Losant -ApiToken $script:Emulator.SecureApiToken -BaseUri $script:Emulator.Url
        $tokens = @(Get-AccessToken)
        $tokens.Count | Should -Be 5
        (Get-EmulatorRequest $script:Emulator)[0].headers.Authorization | Should -Be "Bearer $($script:Emulator.ApiToken)"
    }

    It 'Disconnect_clears_the_session_so_no_request_is_sent' {
        Connect-Losant -ApiToken $script:Emulator.SecureApiToken -BaseUri $script:Emulator.Url
        Disconnect-Losant
        $saved = $env:LOSANT_API_TOKEN
        $env:LOSANT_API_TOKEN = $null
        try {
            { Get-AccessToken -BaseUri $script:Emulator.Url -ErrorAction Stop } | Should -Throw -ErrorId 'ApiTokenMissing,Losant.AccessTokens.Commands.GetAccessTokenCommand'
        }
        finally { $env:LOSANT_API_TOKEN = $saved }
        @(Get-EmulatorRequest $script:Emulator).Count | Should -Be 0
    }
}
