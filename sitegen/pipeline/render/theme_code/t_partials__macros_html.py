from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'partials/macros.html'

def root(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_byline = l_0_tag_list = l_0_post_list = l_0_pager = l_0_author_links = l_0_avatar = missing
    try:
        t_1 = environment.filters['date']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'date' found.")
    try:
        t_2 = environment.filters['isodate']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'isodate' found.")
    pass
    def macro(l_1_post, l_1_with_link):
        t_3 = []
        l_1__ = resolve('_')
        l_1_ngettext = resolve('ngettext')
        if l_1_post is missing:
            l_1_post = undefined("parameter 'post' was not provided", name='post')
        if l_1_with_link is missing:
            l_1_with_link = True
        pass
        t_3.append(
            '<p class="byline">\n',
        )
        if environment.getattr(l_1_post, 'authors'):
            pass
            t_3.extend((
                '<span class="by">',
                escape(context.call((undefined(name='_') if l_1__ is missing else l_1__), 'By')),
                ' ',
            ))
            l_2_loop = missing
            for l_2_slug, l_2_loop in LoopContext(environment.getattr(l_1_post, 'authors'), undefined):
                l_2_author_of = resolve('author_of')
                l_2_link = resolve('link')
                l_2_a = missing
                _loop_vars = {}
                pass
                l_2_a = context.call((undefined(name='author_of') if l_2_author_of is missing else l_2_author_of), l_2_slug, _loop_vars=_loop_vars)
                _loop_vars['a'] = l_2_a
                if l_1_with_link:
                    pass
                    t_3.extend((
                        '<a href="',
                        escape(context.call((undefined(name='link') if l_2_link is missing else l_2_link), environment.getattr((undefined(name='a') if l_2_a is missing else l_2_a), 'url'), _loop_vars=_loop_vars)),
                        '" rel="author">',
                        escape(environment.getattr((undefined(name='a') if l_2_a is missing else l_2_a), 'name')),
                        '</a>',
                    ))
                else:
                    pass
                    t_3.append(
                        escape(environment.getattr((undefined(name='a') if l_2_a is missing else l_2_a), 'name')),
                    )
                if (not environment.getattr(l_2_loop, 'last')):
                    pass
                    t_3.append(
                        ', ',
                    )
            l_2_loop = l_2_slug = l_2_author_of = l_2_a = l_2_link = missing
            t_3.append(
                '</span>\n',
            )
        t_3.extend((
            '<span><time datetime="',
            escape(t_2(environment.getattr(l_1_post, 'date'))),
            '">',
            escape(t_1(environment.getattr(l_1_post, 'date'))),
            '</time></span>\n<span>',
            escape(context.call((undefined(name='ngettext') if l_1_ngettext is missing else l_1_ngettext), '%(num)s min read', '%(num)s min read', environment.getattr(l_1_post, 'reading_minutes'))),
            '</span>\n',
        ))
        if environment.getattr(l_1_post, 'updated'):
            pass
            t_3.extend((
                '<span>',
                escape(context.call((undefined(name='_') if l_1__ is missing else l_1__), 'Updated')),
                ' <time datetime="',
                escape(t_2(environment.getattr(l_1_post, 'updated'))),
                '">',
                escape(t_1(environment.getattr(l_1_post, 'updated'))),
                '</time></span>',
            ))
        t_3.append(
            '</p>\n',
        )
        return concat(t_3)
    context.exported_vars.add('byline')
    context.vars['byline'] = l_0_byline = Macro(environment, macro, 'byline', ('post', 'with_link'), False, False, False, context.eval_ctx.autoescape)
    yield '\n'
    def macro(l_1_post, l_1_filter, l_1_own):
        t_4 = []
        l_1__ = resolve('_')
        if l_1_post is missing:
            l_1_post = undefined("parameter 'post' was not provided", name='post')
        if l_1_filter is missing:
            l_1_filter = False
        if l_1_own is missing:
            l_1_own = False
        pass
        if environment.getattr(l_1_post, 'tags'):
            pass
            t_4.extend((
                '<ul class="tags" aria-label="',
                escape(context.call((undefined(name='_') if l_1__ is missing else l_1__), 'Tags')),
                '">\n',
            ))
            for l_2_slug in environment.getattr(l_1_post, 'tags'):
                l_2_tag_of = resolve('tag_of')
                l_2_link = resolve('link')
                l_2_t = missing
                _loop_vars = {}
                pass
                l_2_t = context.call((undefined(name='tag_of') if l_2_tag_of is missing else l_2_tag_of), l_2_slug, _loop_vars=_loop_vars)
                _loop_vars['t'] = l_2_t
                t_4.extend((
                    '<li><a href="',
                    escape(context.call((undefined(name='link') if l_2_link is missing else l_2_link), environment.getattr((undefined(name='t') if l_2_t is missing else l_2_t), 'url'), _loop_vars=_loop_vars)),
                    '"',
                ))
                if l_1_own:
                    pass
                    t_4.append(
                        ' rel="tag"',
                    )
                if l_1_filter:
                    pass
                    t_4.append(
                        ' data-pagefind-filter="tag"',
                    )
                t_4.extend((
                    '>',
                    escape(environment.getattr((undefined(name='t') if l_2_t is missing else l_2_t), 'name')),
                    '</a></li>',
                ))
            l_2_slug = l_2_tag_of = l_2_t = l_2_link = missing
            t_4.append(
                '</ul>\n',
            )
        return concat(t_4)
    context.exported_vars.add('tag_list')
    context.vars['tag_list'] = l_0_tag_list = Macro(environment, macro, 'tag_list', ('post', 'filter', 'own'), False, False, False, context.eval_ctx.autoescape)
    yield '\n'
    def macro(l_1_posts, l_1_heading_level):
        t_5 = []
        if l_1_posts is missing:
            l_1_posts = undefined("parameter 'posts' was not provided", name='posts')
        if l_1_heading_level is missing:
            l_1_heading_level = 2
        pass
        t_5.append(
            '<ol class="post-list" reversed>\n',
        )
        for l_2_post in l_1_posts:
            l_2_entry = resolve('entry')
            _loop_vars = {}
            pass
            t_5.extend((
                escape(context.call((undefined(name='entry') if l_2_entry is missing else l_2_entry), l_2_post, l_1_heading_level, _loop_vars=_loop_vars)),
                '\n',
            ))
        l_2_post = l_2_entry = missing
        t_5.append(
            '</ol>\n',
        )
        return concat(t_5)
    context.exported_vars.add('post_list')
    context.vars['post_list'] = l_0_post_list = Macro(environment, macro, 'post_list', ('posts', 'heading_level'), False, False, False, context.eval_ctx.autoescape)
    yield '\n'
    def macro(l_1_p, l_1_label):
        t_6 = []
        l_1__ = resolve('_')
        l_1_link = resolve('link')
        if l_1_p is missing:
            l_1_p = undefined("parameter 'p' was not provided", name='p')
        if l_1_label is missing:
            l_1_label = None
        pass
        if (l_1_p and (environment.getattr(l_1_p, 'total') > 1)):
            pass
            t_6.extend((
                '<nav class="pager" aria-label="',
                escape((l_1_label or context.call((undefined(name='_') if l_1__ is missing else l_1__), 'Pages'))),
                '">\n',
            ))
            if environment.getattr(l_1_p, 'prev_url'):
                pass
                t_6.extend((
                    '<a href="',
                    escape(context.call((undefined(name='link') if l_1_link is missing else l_1_link), environment.getattr(l_1_p, 'prev_url'))),
                    '" rel="prev">',
                    escape(context.call((undefined(name='_') if l_1__ is missing else l_1__), '← Newer posts')),
                    '</a>',
                ))
            t_6.extend((
                '<span class="pager-status">',
                escape(context.call((undefined(name='_') if l_1__ is missing else l_1__), 'Page %(number)s of %(total)s', number=environment.getattr(l_1_p, 'number'), total=environment.getattr(l_1_p, 'total'))),
                '</span>\n',
            ))
            if environment.getattr(l_1_p, 'next_url'):
                pass
                t_6.extend((
                    '<a href="',
                    escape(context.call((undefined(name='link') if l_1_link is missing else l_1_link), environment.getattr(l_1_p, 'next_url'))),
                    '" rel="next">',
                    escape(context.call((undefined(name='_') if l_1__ is missing else l_1__), 'Older posts →')),
                    '</a>',
                ))
            t_6.append(
                '</nav>\n',
            )
        return concat(t_6)
    context.exported_vars.add('pager')
    context.vars['pager'] = l_0_pager = Macro(environment, macro, 'pager', ('p', 'label'), False, False, False, context.eval_ctx.autoescape)
    yield '\n'
    def macro(l_1_a):
        t_7 = []
        if l_1_a is missing:
            l_1_a = undefined("parameter 'a' was not provided", name='a')
        pass
        if environment.getattr(l_1_a, 'links'):
            pass
            t_7.append(
                '<ul class="author-links">\n',
            )
            for l_2_l in environment.getattr(l_1_a, 'links'):
                _loop_vars = {}
                pass
                t_7.extend((
                    '<li><a href="',
                    escape(environment.getattr(l_2_l, 'url')),
                    '" rel="me noopener">',
                    escape(environment.getattr(l_2_l, 'name')),
                    '</a></li>',
                ))
            l_2_l = missing
            t_7.append(
                '</ul>\n',
            )
        return concat(t_7)
    context.exported_vars.add('author_links')
    context.vars['author_links'] = l_0_author_links = Macro(environment, macro, 'author_links', ('a',), False, False, False, context.eval_ctx.autoescape)
    yield '\n'
    def macro(l_1_a, l_1_size):
        t_8 = []
        l_1_image = resolve('image')
        if l_1_a is missing:
            l_1_a = undefined("parameter 'a' was not provided", name='a')
        if l_1_size is missing:
            l_1_size = 64
        pass
        if environment.getattr(l_1_a, 'avatar'):
            pass
            t_8.append(
                escape(context.call((undefined(name='image') if l_1_image is missing else l_1_image), environment.getattr(l_1_a, 'avatar'), environment.getattr(l_1_a, 'name'), avatar=True, sizes=markup_join((l_1_size, 'px', )), css_class='avatar')),
            )
        else:
            pass
            t_8.extend((
                '<span class="avatar avatar-initials" aria-hidden="true">',
                escape(environment.getattr(l_1_a, 'name')[:1]),
                '</span>',
            ))
        return concat(t_8)
    context.exported_vars.add('avatar')
    context.vars['avatar'] = l_0_avatar = Macro(environment, macro, 'avatar', ('a', 'size'), False, False, False, context.eval_ctx.autoescape)

blocks = {}
debug_info = '1=24&3=36&7=77&8=81&9=84&15=102&16=112&17=116&18=119&24=155&26=165&27=170&32=181&33=190&34=194&35=197&36=208&37=211&42=227&43=232&45=237&50=255&51=263'

# Generated by scripts/precompile_theme.py from themes/default/templates/partials/macros.html: do not edit.
