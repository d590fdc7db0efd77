# New-AccessToken under today's API (1.30), the default: the caller's token posted to /me/tokens
# and emitted with its secret, and -WhatIf. Owners, fields and answers have suites of their own;
# the seed's contract (API 1.3.7) is tested in New-AccessToken.Api137.Tests.ps1.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSuite.psm1') -Force
    $script:State = Enter-TestSuite
}

AfterAll {
    Exit-TestSuite $script:State
}

Describe 'New-AccessToken' {
    BeforeEach {
        Reset-Emulator $script:Emulator
    }

    It 'Posts_the_name_alone_to_me_tokens_and_emits_the_stored_token_with_its_secret' {
        $created = @(New-AccessToken -Name 'Nightly export')

        $requests = Get-Request
        $requests.Count | Should -Be 1
        Assert-Request $requests[0] -Method POST -Path '/me/tokens' -Bearer $script:Emulator.ApiToken -Body '{"name":"Nightly export"}'
        $stored = @(Get-EmulatorApiToken $script:Emulator -Path '/me/tokens' | Where-Object name -EQ 'Nightly export')
        $stored.Count | Should -Be 1
        $created.Count | Should -Be 1
        $created[0].Id | Should -BeExactly $stored[0].id
        $created[0].Name | Should -BeExactly 'Nightly export'
        [System.Net.NetworkCredential]::new('', $created[0].Token).Password | Should -BeExactly $stored[0].token
    }

    It 'WhatIf_sends_nothing_emits_nothing_and_changes_nothing' {
        $before = Get-CurrentStore $script:Emulator

        $created = @(New-AccessToken -Name 'Nightly export' -WhatIf)

        $created.Count | Should -Be 0
        @(Get-Request).Count | Should -Be 0
        Get-CurrentStore $script:Emulator | Should -BeExactly $before
    }
}
