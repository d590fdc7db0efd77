# Tab completion of -AccessTokenId (Get-, Set-, Remove-AccessToken) and -Name (Get-AccessToken)
# from the live list, as PowerShell's own completion (TabExpansion2) offers it.
BeforeAll {
    # These tests pin the seed's contract (API 1.3.7, /access-tokens); today's API has tests of its own.
    Import-Module (Join-Path $PSScriptRoot 'TestSuite.psm1') -Force
    $script:State = Enter-TestSuite -ApiVersion '1.3.7' -NoConnection

    # A token created behind the module's back, as another user or tool would.
    function New-TokenElsewhere([string] $Name) {
        $null = Invoke-RestMethod -Method Post -Uri "$($script:Emulator.Url)/access-tokens" -Body (@{ name = $Name } | ConvertTo-Json) `
            -ContentType 'application/json' -Headers @{ Authorization = "Bearer $($script:Emulator.ApiToken)" }
    }

    function Get-ListRequestCount {
        @(Get-EmulatorRequest $script:Emulator | Where-Object { $_.method -eq 'GET' -and $_.path -eq '/access-tokens' }).Count
    }

    # Before each test: the seeded tokens, no connection in the environment, and a session
    # connected anew, since Connect-Losant also empties the completion cache, so each test starts
    # from the live list; -NoConnection leaves the session disconnected instead.
    function Reset-Completion([switch] $NoConnection) {
        Reset-Emulator $script:Emulator
        $env:LOSANT_API_TOKEN = $null
        $env:LOSANT_API_URL = $null
        if ($NoConnection) { Disconnect-Losant }
        else { Connect-Losant -ApiToken $script:Emulator.SecureApiToken -BaseUri $script:Emulator.Url }
    }
}

AfterAll {
    Exit-TestSuite $script:State
}

Describe 'Completion of access token ids' {
    BeforeEach { Reset-Completion }

    It 'Completes_every_id_with_the_token_name_in_list_text_and_tooltip' {
        $results = @(Get-CompletionMatch 'Get-AccessToken -AccessTokenId ')
        $results.CompletionText | Should -Be @('5a0000000000000000000001', '5a0000000000000000000002', '5a0000000000000000000003', '5a0000000000000000000004', '5a0000000000000000000005')
        $deploy = $results | Where-Object CompletionText -EQ '5a0000000000000000000002'
        $deploy.ListItemText | Should -Match 'Deploy pipeline'
        $deploy.ToolTip | Should -Match 'Deploy pipeline'
        $deploy.ToolTip | Should -Match 'never expires'
        $deploy.ResultType | Should -Be 'ParameterValue'
        ($results | Where-Object CompletionText -EQ '5a0000000000000000000003').ToolTip | Should -Match 'EXPIRED'
    }

    It 'Completes_only_the_ids_that_start_with_the_typed_prefix' {
        $results = @(Get-CompletionMatch 'Get-AccessToken -AccessTokenId 5A0000000000000000000004')
        $results.CompletionText | Should -Be @('5a0000000000000000000004')
    }

    It 'Completes_the_id_of_a_token_whose_name_starts_with_the_typed_text' {
        $results = @(Get-CompletionMatch 'Remove-AccessToken -AccessTokenId deploy')
        $results.CompletionText | Should -Be @('5a0000000000000000000002')
    }

    It 'Completes_ids_for_Set_and_Remove_by_alias_and_by_position' {
        @(Get-CompletionMatch 'Set-AccessToken -Id 5a0000000000000000000005').CompletionText | Should -Be @('5a0000000000000000000005')
        @(Get-CompletionMatch 'Remove-AccessToken 5a0000000000000000000001').CompletionText | Should -Be @('5a0000000000000000000001')
    }

    It 'Completes_nothing_for_a_prefix_no_token_has' {
        @(Get-CompletionMatch 'Get-AccessToken -AccessTokenId ffff').Count | Should -Be 0
    }
}

Describe 'Completion of access token names' {
    BeforeEach { Reset-Completion }

    It 'Completes_names_quoted_when_they_contain_spaces_and_bare_otherwise' {
        New-AccessToken -Name 'Solo' -Confirm:$false | Out-Null
        $results = @(Get-CompletionMatch 'Get-AccessToken -Name ')
        $results.CompletionText | Should -Contain "'Deploy pipeline'"
        $results.CompletionText | Should -Contain 'Solo'
        ($results | Where-Object CompletionText -EQ "'Deploy pipeline'").ListItemText | Should -Be 'Deploy pipeline'
        ($results | Where-Object CompletionText -EQ 'Solo').ToolTip | Should -Match 'Solo'
    }

    It 'Completes_only_the_names_that_start_with_the_typed_prefix' {
        @(Get-CompletionMatch 'Get-AccessToken -Name dep').CompletionText | Should -Be @("'Deploy pipeline'")
        @(Get-CompletionMatch "Get-AccessToken -Name 'Dashboard v").CompletionText | Should -Be @("'Dashboard viewer'")
    }

    It 'Completes_a_name_with_quotes_and_wildcards_so_that_it_matches_only_itself' {
        $name = "Bob's [test] token"
        New-AccessToken -Name $name -Confirm:$false | Out-Null
        $completion = @(@(Get-CompletionMatch "Get-AccessToken -Name Bob").CompletionText)
        $completion.Count | Should -Be 1
        # The completed text, run as typed, finds exactly that token.
        $found = @(Invoke-Expression "Get-AccessToken -Name $($completion[0])")
        $found.Name | Should -Be @($name)
    }
}

Describe 'Completion without a usable connection' {
    BeforeEach { Reset-Completion -NoConnection }

    It 'Completes_nothing_and_writes_no_error_without_a_connection' {
        $Error.Clear()
        $results = @(Get-CompletionMatch 'Get-AccessToken -AccessTokenId ')
        $results.Count | Should -Be 0
        @(Get-CompletionMatch 'Get-AccessToken -Name ').Count | Should -Be 0
        $Error.Count | Should -Be 0
        @(Get-EmulatorRequest $script:Emulator).Count | Should -Be 0
    }

    It 'Completes_nothing_and_writes_no_error_when_the_API_fails' {
        Connect-Losant -ApiToken $script:Emulator.SecureApiToken -BaseUri $script:Emulator.Url
        Set-EmulatorFault $script:Emulator -Rule @{ method = 'GET'; path = '^/access-tokens$'; kind = 'status'; status = 500 }
        $Error.Clear()
        @(Get-CompletionMatch 'Get-AccessToken -AccessTokenId ').Count | Should -Be 0
        $Error.Count | Should -Be 0
        # No retries: completion must not keep the prompt waiting.
        Get-ListRequestCount | Should -Be 1
    }

    It 'Gives_up_on_an_API_that_never_answers_without_an_error' {
        Connect-Losant -ApiToken $script:Emulator.SecureApiToken -BaseUri $script:Emulator.Url
        Set-EmulatorFault $script:Emulator -Rule @{ method = 'GET'; path = '^/access-tokens$'; kind = 'hang' }
        $Error.Clear()
        $elapsed = Measure-Command { $script:Results = @(Get-CompletionMatch 'Get-AccessToken -AccessTokenId ') }
        $script:Results.Count | Should -Be 0
        $Error.Count | Should -Be 0
        # The completion timeout is about 2 s and the API never answers; 15 s leaves room for a
        # loaded machine while still proving the wait is bounded.
        $elapsed.TotalSeconds | Should -BeLessThan 15
    }

    It 'Uses_LOSANT_API_TOKEN_and_LOSANT_API_URL_when_not_connected' {
        $env:LOSANT_API_TOKEN = $script:Emulator.ApiToken
        $env:LOSANT_API_URL = $script:Emulator.Url
        @(Get-CompletionMatch 'Get-AccessToken -AccessTokenId ').Count | Should -Be 5
    }
}

Describe 'Completion cache' {
    BeforeEach { Reset-Completion }

    It 'Second_completion_sends_no_new_request' {
        @(Get-CompletionMatch 'Get-AccessToken -AccessTokenId ').Count | Should -Be 5
        @(Get-CompletionMatch 'Set-AccessToken -AccessTokenId 5a').Count | Should -Be 5
        @(Get-CompletionMatch 'Get-AccessToken -Name ').Count | Should -Be 5
        Get-ListRequestCount | Should -Be 1
    }

    It 'Connect_empties_the_cache_so_new_tokens_are_offered' {
        @(Get-CompletionMatch 'Get-AccessToken -Name ').ListItemText | Should -Not -Contain 'Fresh'
        New-TokenElsewhere 'Fresh'
        @(Get-CompletionMatch 'Get-AccessToken -Name ').ListItemText | Should -Not -Contain 'Fresh'
        Connect-Losant -ApiToken $script:Emulator.SecureApiToken -BaseUri $script:Emulator.Url
        @(Get-CompletionMatch 'Get-AccessToken -Name ').ListItemText | Should -Contain 'Fresh'
        Get-ListRequestCount | Should -Be 2
    }

    It 'Disconnect_empties_the_cache_so_new_tokens_are_offered' {
        Disconnect-Losant
        $env:LOSANT_API_TOKEN = $script:Emulator.ApiToken
        $env:LOSANT_API_URL = $script:Emulator.Url
        @(Get-CompletionMatch 'Get-AccessToken -Name ').ListItemText | Should -Not -Contain 'Fresh'
        New-TokenElsewhere 'Fresh'
        Disconnect-Losant
        @(Get-CompletionMatch 'Get-AccessToken -Name ').ListItemText | Should -Contain 'Fresh'
        Get-ListRequestCount | Should -Be 2
    }

    It 'A_change_made_with_the_module_empties_the_cache' -TestCases @(
        @{ Change = { New-AccessToken -Name 'Fresh' -Confirm:$false | Out-Null }; Expected = 'Fresh' }
        @{ Change = { Set-AccessToken -Id 5a0000000000000000000001 -Name 'Fresh' }; Expected = 'Fresh' }
        @{ Change = { Remove-AccessToken -Id 5a0000000000000000000002 -Force }; Expected = $null }
    ) {
        $before = @(Get-CompletionMatch 'Get-AccessToken -Name ').ListItemText
        $before | Should -Contain 'Deploy pipeline'
        & $Change
        $after = @(Get-CompletionMatch 'Get-AccessToken -Name ').ListItemText
        Get-ListRequestCount | Should -Be 2
        if ($Expected) { $after | Should -Contain $Expected } else { $after | Should -Not -Contain 'Deploy pipeline' }
    }
}
